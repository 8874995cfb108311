package io.veritrail.projector.timetravel;

import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Past states of an entity, by the seed's semantics: "as of T" is the fold, in log order, of the entity's events
 * whose timestamp is at or before T (events synced late from offline devices included where their timestamps put
 * them); "at version N" is the live fold stopped when it reached version N. Both start from the best snapshot and
 * fold only the events after it. Pure.
 */
public final class AsOfFold {
    private final ApplierRegistry appliers;

    public AsOfFold(ApplierRegistry appliers) {
        this.appliers = appliers;
    }

    /** The latest snapshot usable for instant {@code t}, if any. */
    public static Optional<Snapshot> baseFor(List<Snapshot> snapshots, Instant t) {
        Snapshot best = null;
        for (Snapshot s : snapshots) {
            if (!s.maxTimestamp().isAfter(t) && (best == null || s.seq() > best.seq())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The latest snapshot at or before version {@code n}, if any. */
    public static Optional<Snapshot> baseForVersion(List<Snapshot> snapshots, long n) {
        Snapshot best = null;
        for (Snapshot s : snapshots) {
            long version = s.entity() == null ? 0 : s.entity().version();
            if (version <= n && (best == null || s.seq() > best.seq())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The entity as of {@code t}, folding {@code later} (the events after {@code base}, in log order). */
    public Entity asOf(String entityId, Instant t, Optional<Snapshot> base, List<HistoryEntry> later) {
        Entity entity = base.map(Snapshot::entity).orElse(null);
        for (HistoryEntry entry : later) {
            if (!entry.timestamp().isAfter(t)) {
                entity = fold(entity, entry, entityId);
            }
        }
        return entity;
    }

    /** The entity when it reached version {@code n}, or null if it never did. */
    public Entity atVersion(String entityId, long n, Optional<Snapshot> base, List<HistoryEntry> later) {
        Entity entity = base.map(Snapshot::entity).orElse(null);
        if (entity != null && entity.version() == n) {
            return entity;
        }
        for (HistoryEntry entry : later) {
            entity = fold(entity, entry, entityId);
            if (entity != null && entity.version() == n) {
                return entity;
            }
            if (entity != null && entity.version() > n) {
                return null;
            }
        }
        return null;
    }

    private Entity fold(Entity entity, HistoryEntry entry, String entityId) {
        return appliers.fold(entity, entry.event(entityId)) instanceof Outcome.Applied applied ? applied.entity() : entity;
    }
}
