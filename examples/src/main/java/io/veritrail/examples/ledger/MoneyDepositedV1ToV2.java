package io.veritrail.examples.ledger;

import io.veritrail.projector.upcast.EventUpcaster;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code money-deposited} v1 → v2. Version 1 carried only {@code amount}: the ledger then kept euros only. Version
 * 2 names the {@code currency} of the amount. Deposits written as v1 stay in the log as they are; each read lifts
 * them to v2 with {@code "currency": "EUR"}, which is what v1 meant.
 */
public final class MoneyDepositedV1ToV2 implements EventUpcaster {
    static final String V1_CURRENCY = "EUR";

    @Override
    public String eventType() {
        return "money-deposited";
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> data) {
        Map<String, Object> v2 = new LinkedHashMap<>(data);
        v2.putIfAbsent("currency", V1_CURRENCY);
        return v2;
    }
}
