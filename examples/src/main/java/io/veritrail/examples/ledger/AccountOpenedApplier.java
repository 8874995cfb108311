package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import io.veritrail.projector.apply.RejectedEventException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code account-opened}: a new account of the bank ledger (seed 001), with a balance of zero. */
public final class AccountOpenedApplier implements EventApplier {
    @Override
    public String eventType() {
        return "account-opened";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current != null) {
            throw new RejectedEventException("account " + event.entityGuid() + " exists already");
        }
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        data.put("balance", BigDecimal.ZERO);
        return Entity.created("account", event, data);
    }
}
