package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import io.veritrail.projector.apply.RejectedEventException;
import java.math.BigDecimal;
import java.util.Map;

/** {@code money-withdrawn} with {@code {"amount": ...}}: refused, not applied, when it exceeds the balance. */
public final class MoneyWithdrawnApplier implements EventApplier {
    @Override
    public String eventType() {
        return "money-withdrawn";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        Account account = Account.of(current, event);
        BigDecimal amount = Amounts.amount(event);
        if (amount.compareTo(account.balance()) > 0) {
            throw new RejectedEventException("insufficient funds: withdrawing " + amount.toPlainString()
                    + " from a balance of " + account.balance().toPlainString());
        }
        return current.next(event, current.mergedWith(Map.of("balance", account.balance().subtract(amount))));
    }
}
