package io.veritrail.projector.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInAppliersTest {
    private final ApplierRegistry appliers = new ApplierRegistry(ApplierRegistry.builtIns());
    private int sequence;

    private Event event(String type, Map<String, Object> data) {
        sequence++;
        return new Event("guid-" + sequence, "person-1", type, data, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
                "u1", "LOCAL", 1, Instant.parse("2026-02-01T00:00:00Z"));
    }

    private Entity applied(Entity current, Event event) {
        Outcome outcome = appliers.fold(current, event);
        assertThat(outcome).isInstanceOf(Outcome.Applied.class);
        return ((Outcome.Applied) outcome).entity();
    }

    private String rejected(Entity current, Event event) {
        Outcome outcome = appliers.fold(current, event);
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        return ((Outcome.Rejected) outcome).reason();
    }

    @Test
    void createThenUpdateMergesShallowlyAndCountsVersions() {
        Event create = event("create-individual", Map.of("name", "Ada", "age", 36, "address", Map.of("city", "Oslo")));
        Entity v1 = applied(null, create);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.type()).isEqualTo("individual");
        assertThat(v1.createdAt()).isEqualTo(create.timestamp());

        Map<String, Object> changes = new HashMap<>();
        changes.put("age", 37);
        changes.put("address", Map.of("town", "Bergen"));
        changes.put("name", null);
        Event update = event("update-individual", changes);
        Entity v2 = applied(v1, update);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.data()).isEqualTo(Map.of("age", 37, "address", Map.of("town", "Bergen")));
        assertThat(v2.lastEventGuid()).isEqualTo(update.guid());
        assertThat(v2.lastUpdated()).isEqualTo(update.timestamp());
        assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v1.data()).containsEntry("name", "Ada");
    }

    @Test
    void refusesToCreateTwiceOrUpdateWhatDoesNotExist() {
        Entity v1 = applied(null, event("create-individual", Map.of("name", "Ada")));
        assertThat(rejected(v1, event("create-individual", Map.of()))).contains("exists already");
        assertThat(rejected(null, event("update-individual", Map.of("age", 1)))).contains("no individual");
        assertThat(rejected(v1, event("update-group", Map.of("age", 1)))).contains("not a group");
    }

    @Test
    void unknownTypesAndThrowingAppliersAreRejectedNotThrown() {
        assertThat(rejected(null, event("teleport", Map.of()))).contains("no applier for event type teleport");
        EventApplier broken = new EventApplier() {
            public String eventType() {
                return "broken";
            }

            public Entity apply(Entity current, Event event) {
                throw new IllegalStateException("boom");
            }
        };
        ApplierRegistry withBroken = new ApplierRegistry(List.of(broken));
        Outcome outcome = withBroken.fold(null, event("broken", Map.of()));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.reason()).contains("boom"));
    }

    @Test
    void entityDataCannotBeChangedByWhoeverHoldsIt() {
        Entity v1 = applied(null, event("create-individual", Map.of("tags", List.of("a"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> v1.data().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void twoAppliersForOneTypeAreAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ApplierRegistry(List.of(
                new CreateEntityApplier("individual"), new CreateEntityApplier("individual"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("create-individual");
    }
}
