package io.veritrail.examples.ledger;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.RejectedEventException;
import java.math.BigDecimal;

/** An open account's view of an entity: refuses anything that is not one. */
record Account(BigDecimal balance, String currency) {
    static Account of(Entity entity, Event event) {
        if (entity == null || entity.deleted() || !"account".equals(entity.type())) {
            throw new RejectedEventException("no open account " + event.entityGuid());
        }
        Object currency = entity.data().getOrDefault("currency", MoneyDepositedV1ToV2.V1_CURRENCY);
        return new Account(Amounts.decimal(entity.data().get("balance"), "balance"), String.valueOf(currency));
    }

    void requireCurrency(Object eventCurrency) {
        if (!currency.equals(eventCurrency)) {
            throw new RejectedEventException("the account is in " + currency + ", the deposit in " + eventCurrency);
        }
    }
}
