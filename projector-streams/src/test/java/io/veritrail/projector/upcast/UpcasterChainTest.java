package io.veritrail.projector.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import io.veritrail.projector.apply.Outcome;
import io.veritrail.projector.apply.RejectedEventException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpcasterChainTest {
    /** v1 {"name"} → v2 {"first","last"} → v3 adds {"title"}. */
    static EventUpcaster step(int from, java.util.function.UnaryOperator<Map<String, Object>> change) {
        return new EventUpcaster() {
            public String eventType() {
                return "person-named";
            }

            public int fromVersion() {
                return from;
            }

            public Map<String, Object> upcast(Map<String, Object> data) {
                return change.apply(new HashMap<>(data));
            }
        };
    }

    static final EventUpcaster SPLIT = step(1, d -> {
        String[] parts = ((String) d.remove("name")).split(" ", 2);
        d.put("first", parts[0]);
        d.put("last", parts[1]);
        return d;
    });
    static final EventUpcaster TITLE = step(2, d -> {
        d.putIfAbsent("title", "");
        return d;
    });

    static Event event(int version, Map<String, Object> data) {
        return new Event("g", "p-1", "person-named", data, Instant.EPOCH, "u", "LOCAL", version, Instant.EPOCH);
    }

    @Test
    void oldEventsClimbTheWholeChainAndNewOnesPassUntouched() {
        UpcasterChain chain = new UpcasterChain(List.of(TITLE, SPLIT));
        Event lifted = chain.upcast(event(1, Map.of("name", "Ada Lovelace")));
        assertThat(lifted.schemaVersion()).isEqualTo(3);
        assertThat(lifted.data()).isEqualTo(Map.of("first", "Ada", "last", "Lovelace", "title", ""));
        Event v3 = event(3, Map.of("first", "Grace", "last", "Hopper", "title", "Rear Admiral"));
        assertThat(chain.upcast(v3)).isSameAs(v3);
        Event otherType = new Event("g", "p", "other", Map.of(), Instant.EPOCH, "u", "LOCAL", 1, Instant.EPOCH);
        assertThat(chain.upcast(otherType)).isSameAs(otherType);
    }

    @Test
    void twoUpcastersForOneStepAreAConfigurationError() {
        assertThatThrownBy(() -> new UpcasterChain(List.of(SPLIT, step(1, d -> d))))
                .hasMessageContaining("two upcasters for person-named v1");
    }

    @Test
    void appliersSeeTheNewestVersionAndAFailingUpcasterRejectsTheEvent() {
        EventApplier applier = new EventApplier() {
            public String eventType() {
                return "person-named";
            }

            public Entity apply(Entity current, Event event) {
                if (event.schemaVersion() != 3) {
                    throw new RejectedEventException("needs v3, got v" + event.schemaVersion());
                }
                return Entity.created("individual", event, event.data());
            }
        };
        ApplierRegistry without = new ApplierRegistry(List.of(applier));
        ApplierRegistry with = new ApplierRegistry(List.of(applier), new UpcasterChain(List.of(SPLIT, TITLE)));
        Event v1 = event(1, Map.of("name", "Ada Lovelace"));

        assertThat(without.fold(null, v1)).isInstanceOf(Outcome.Rejected.class);
        assertThat(with.fold(null, v1)).isInstanceOfSatisfying(Outcome.Applied.class,
                applied -> assertThat(applied.entity().data()).containsEntry("first", "Ada"));
        assertThat(with.fold(null, event(1, Map.of("name", "Plato")))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("upcaster for person-named v1 failed"));
    }
}
