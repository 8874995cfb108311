package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.RejectedEventException;
import java.math.BigDecimal;

/** Money in event data: a positive JSON number (or numeric string), held as an exact decimal. */
final class Amounts {
    private Amounts() {
    }

    static BigDecimal amount(Event event) {
        BigDecimal amount = decimal(event.data().get("amount"), "data.amount");
        if (amount.signum() <= 0) {
            throw new RejectedEventException("data.amount must be positive, got " + amount.toPlainString());
        }
        return amount;
    }

    static BigDecimal decimal(Object value, String field) {
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                // fall through to the rejection
            }
        }
        throw new RejectedEventException(field + " must be a number");
    }
}
