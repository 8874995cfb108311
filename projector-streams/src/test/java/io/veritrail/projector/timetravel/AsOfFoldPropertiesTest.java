package io.veritrail.projector.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Time travel from snapshots against the naive definition, for random histories: timestamps out of order (late
 * offline syncs), deletes, refused events, groups and members.
 */
class AsOfFoldPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ApplierRegistry appliers = new ApplierRegistry(ApplierRegistry.builtIns());
    private final AsOfFold fold = new AsOfFold(appliers);

    /** A random history of one entity, an individual or a group, in log order. */
    List<HistoryEntry> history(long seed, int length, boolean group) {
        Random random = new Random(seed);
        List<HistoryEntry> entries = new ArrayList<>();
        String kind = group ? "group" : "individual";
        for (int i = 1; i <= length; i++) {
            int pick = random.nextInt(100);
            String type;
            Map<String, Object> data = new HashMap<>();
            if (pick < 8) {
                type = "create-" + kind;
                data.put("name", "n" + i);
            } else if (pick < 12) {
                type = "delete-entity";
            } else if (group && pick < 40) {
                type = random.nextBoolean() ? "add-member" : "remove-member";
                data.put("memberGuid", "m" + random.nextInt(4));
            } else {
                type = "update-" + kind;
                data.put("f" + random.nextInt(5), random.nextInt(3) == 0 ? null : i);
            }
            // Mostly rising, sometimes far in the past: an offline device syncing late.
            long seconds = random.nextInt(6) == 0 ? random.nextInt(i * 10 + 1) : i * 10L + random.nextInt(5);
            Instant at = T0.plusSeconds(seconds);
            entries.add(new HistoryEntry(i, "x", "g" + i, type, data, at, at, "u", "LOCAL", 1, false, null, 0, List.of()));
        }
        return entries;
    }

    Entity naiveAsOf(List<HistoryEntry> history, Instant t) {
        Entity entity = null;
        for (HistoryEntry e : history) {
            if (!e.timestamp().isAfter(t) && appliers.fold(entity, e.event("x")) instanceof Outcome.Applied a) {
                entity = a.entity();
            }
        }
        return entity;
    }

    Entity naiveAtVersion(List<HistoryEntry> history, long n) {
        Entity entity = null;
        for (HistoryEntry e : history) {
            if (appliers.fold(entity, e.event("x")) instanceof Outcome.Applied a) {
                entity = a.entity();
                if (entity.version() == n) {
                    return entity;
                }
            }
        }
        return null;
    }

    /** Snapshots as the projector takes them: every {@code every} events, of the live (unfiltered) fold. */
    List<Snapshot> snapshots(List<HistoryEntry> history, int every) {
        List<Snapshot> snapshots = new ArrayList<>();
        Entity entity = null;
        Instant max = Instant.MIN;
        for (HistoryEntry e : history) {
            if (appliers.fold(entity, e.event("x")) instanceof Outcome.Applied a) {
                entity = a.entity();
            }
            max = e.timestamp().isAfter(max) ? e.timestamp() : max;
            if (e.seq() % every == 0) {
                snapshots.add(new Snapshot(e.seq(), max, entity));
            }
        }
        return snapshots;
    }

    @Property(tries = 300)
    void asOfFromSnapshotsEqualsFilterAndReplay(@ForAll long seed, @ForAll @IntRange(min = 0, max = 120) int length,
                                                @ForAll @IntRange(min = 1, max = 17) int every, @ForAll boolean group) {
        List<HistoryEntry> history = history(seed, length, group);
        List<Snapshot> snapshots = snapshots(history, every);
        Random random = new Random(seed ^ 7);
        for (int probe = 0; probe < 25; probe++) {
            Instant t = T0.plusSeconds(random.nextInt(length * 12 + 20) - 5);
            Optional<Snapshot> base = AsOfFold.baseFor(snapshots, t);
            List<HistoryEntry> later = history.subList(base.map(Snapshot::seq).orElse(0L).intValue(), history.size());
            assertThat(fold.asOf("x", t, base, later)).as("as of %s", t).isEqualTo(naiveAsOf(history, t));
        }
        for (long n = 0; n <= length + 1; n++) {
            Optional<Snapshot> base = AsOfFold.baseForVersion(snapshots, n);
            List<HistoryEntry> later = history.subList(base.map(Snapshot::seq).orElse(0L).intValue(), history.size());
            assertThat(fold.atVersion("x", n, base, later)).as("version %d", n).isEqualTo(naiveAtVersion(history, n));
        }
    }
}
