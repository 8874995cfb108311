package io.veritrail.bench.jmh;

import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The pure fold: one create and nine updates of an entity with a handful of fields. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ApplierFoldBenchmark {
    private ApplierRegistry appliers;
    private Event[] events;

    @Setup
    public void setUp() {
        appliers = new ApplierRegistry(ApplierRegistry.builtIns());
        events = new Event[10];
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        events[0] = new Event("g0", "person-1", "create-individual",
                Map.of("name", "Amina", "village", "Kayes", "birthYear", 1987, "phone", "+223"), t, "u", "LOCAL", 1, t);
        for (int i = 1; i < events.length; i++) {
            events[i] = new Event("g" + i, "person-1", "update-individual", Map.of("round", i, "village", "v" + i),
                    t.plusSeconds(i), "u", "LOCAL", 1, t);
        }
    }

    /** Ten events folded into one entity; the score is folds of ten events per second. */
    @Benchmark
    public Entity foldTenEvents() {
        Entity entity = null;
        for (Event event : events) {
            entity = ((Outcome.Applied) appliers.fold(entity, event)).entity();
        }
        return entity;
    }
}
