package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code money-deposited} v2, {@code {"amount": ..., "currency": "EUR"}}: the balance grows by the amount when the
 * currency is the account's. v1 events (no currency) reach this applier through {@link MoneyDepositedV1ToV2}.
 */
public final class MoneyDepositedApplier implements EventApplier {
    @Override
    public String eventType() {
        return "money-deposited";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        Account account = Account.of(current, event);
        account.requireCurrency(event.data().get("currency"));
        BigDecimal balance = account.balance().add(Amounts.amount(event));
        return current.next(event, current.mergedWith(Map.of("balance", balance)));
    }
}
