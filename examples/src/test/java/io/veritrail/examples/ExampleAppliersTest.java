package io.veritrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example appliers as the projector finds them: through ServiceLoader, from this jar on the classpath, with no
 * change to Veritrail's code.
 */
class ExampleAppliersTest {
    private final ApplierRegistry appliers = ApplierRegistry.discover(getClass().getClassLoader());
    private int n;

    private Event event(String entity, String type, Map<String, Object> data) {
        return event(entity, type, 1, data);
    }

    private Event event(String entity, String type, int version, Map<String, Object> data) {
        n++;
        Instant at = Instant.parse("2026-05-01T00:00:00Z").plusSeconds(n);
        return new Event("g" + n, entity, type, data, at, "teller", "REMOTE", version, at);
    }

    private Entity fold(Entity entity, Event event) {
        Outcome outcome = appliers.fold(entity, event);
        return outcome instanceof Outcome.Applied applied ? applied.entity() : entity;
    }

    @Test
    void serviceLoaderFindsTheExamplesBesideTheBuiltIns() {
        assertThat(appliers.eventTypes()).contains("assign-case-worker", "account-opened", "money-deposited",
                "money-withdrawn", "create-individual", "delete-entity");
    }

    @Test
    void theLedgerOfTheSeedDocument() {
        Entity account = fold(null, event("acc-123", "account-opened", Map.of("owner", "Amina")));
        account = fold(account, event("acc-123", "money-deposited", Map.of("amount", 1000)));
        account = fold(account, event("acc-123", "money-withdrawn", Map.of("amount", new BigDecimal("100.50"))));
        assertThat(account.type()).isEqualTo("account");
        assertThat(new BigDecimal(account.data().get("balance").toString())).isEqualByComparingTo("899.50");
        assertThat(account.version()).isEqualTo(3);

        Outcome overdraft = appliers.fold(account, event("acc-123", "money-withdrawn", Map.of("amount", 900)));
        assertThat(overdraft).isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.reason()).contains("insufficient funds"));
        assertThat(appliers.fold(account, event("acc-123", "money-deposited", Map.of("amount", -5))))
                .isInstanceOf(Outcome.Rejected.class);
        assertThat(appliers.fold(null, event("acc-9", "money-deposited", Map.of("amount", 5))))
                .isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void depositsOfBothSchemaVersionsFoldThroughTheUpcaster() {
        assertThat(appliers.upcasters().size()).isEqualTo(1);
        Entity account = fold(null, event("acc-7", "account-opened", Map.of("owner", "Amina", "currency", "EUR")));
        account = fold(account, event("acc-7", "money-deposited", 1, Map.of("amount", 10)));
        account = fold(account, event("acc-7", "money-deposited", 2, Map.of("amount", "2.50", "currency", "EUR")));
        assertThat(new BigDecimal(account.data().get("balance").toString())).isEqualByComparingTo("12.50");
        assertThat(account.version()).isEqualTo(3);
        // v2 names its currency, and a foreign one is refused; v1 always meant euros.
        assertThat(appliers.fold(account, event("acc-7", "money-deposited", 2, Map.of("amount", 1, "currency", "USD"))))
                .isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.reason()).contains("USD"));
        Entity dollars = fold(null, event("acc-8", "account-opened", Map.of("currency", "USD")));
        assertThat(appliers.fold(dollars, event("acc-8", "money-deposited", 1, Map.of("amount", 1))))
                .isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void assignCaseWorkerAsTheSeedDocumentWritesIt() {
        Entity person = fold(null, event("p1", "create-individual", Map.of("name", "Amina")));
        Event assign = event("p1", "assign-case-worker", Map.of("caseWorkerId", "cw-7"));
        Entity assigned = fold(person, assign);
        assertThat(assigned.data()).containsEntry("caseWorker", "cw-7")
                .containsEntry("assignmentDate", assign.timestamp().toString()).containsEntry("name", "Amina");
        assertThat(assigned.version()).isEqualTo(2);
        assertThat(appliers.fold(person, event("p1", "assign-case-worker", Map.of())))
                .isInstanceOf(Outcome.Rejected.class);
    }
}
