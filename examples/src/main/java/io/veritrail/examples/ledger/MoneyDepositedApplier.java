package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import java.math.BigDecimal;
import java.util.Map;

/** {@code money-deposited} with {@code {"amount": ...}}: the balance grows by the amount. */
public final class MoneyDepositedApplier implements EventApplier {
    @Override
    public String eventType() {
        return "money-deposited";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        Account account = Account.of(current, event);
        BigDecimal balance = account.balance().add(Amounts.amount(event));
        return current.next(event, current.mergedWith(Map.of("balance", balance)));
    }
}
