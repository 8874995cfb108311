package io.veritrail.projector.timetravel;

import io.veritrail.projector.store.HistoryKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Picks, from the stores, just what {@link AsOfFold} needs for one question, so the work does not grow with the
 * length of the history: the base snapshot by binary search (snapshots every N events; their max timestamps and
 * versions only rise with the sequence), the at most N events of the interval after it, and, for an instant, the
 * late events after that interval whose timestamps put them before the instant, found through the earliest
 * timestamp of each block of {@value #LATE_BLOCK} sequence numbers so that blocks with none are skipped unread.
 */
public final class EntityTimeline {
    /** Sequence numbers per block of the late-event summary. */
    public static final int LATE_BLOCK = 1024;

    private final ReadOnlyKeyValueStore<String, HistoryEntry> history;
    private final ReadOnlyKeyValueStore<String, Snapshot> snapshots;
    private final ReadOnlyKeyValueStore<String, HistoryHead> heads;
    private final ReadOnlyKeyValueStore<String, Long> late;
    private final ReadOnlyKeyValueStore<String, Long> lateBlocks;
    private final int snapshotEvery;

    public EntityTimeline(ReadOnlyKeyValueStore<String, HistoryEntry> history,
                          ReadOnlyKeyValueStore<String, Snapshot> snapshots,
                          ReadOnlyKeyValueStore<String, HistoryHead> heads,
                          ReadOnlyKeyValueStore<String, Long> late,
                          ReadOnlyKeyValueStore<String, Long> lateBlocks, int snapshotEvery) {
        this.history = history;
        this.snapshots = snapshots;
        this.heads = heads;
        this.late = late;
        this.lateBlocks = lateBlocks;
        this.snapshotEvery = snapshotEvery;
    }

    /** What to fold: a base snapshot (if any) and the events after it that can matter, in log order. */
    public record Selection(Optional<Snapshot> base, List<HistoryEntry> later) {
    }

    public Selection forInstant(String entityId, Instant t) {
        Optional<Snapshot> base = lastSnapshot(entityId, s -> !s.maxTimestamp().isAfter(t));
        long from = base.map(Snapshot::seq).orElse(0L);
        List<HistoryEntry> later = entries(entityId, from, snapshotEvery);
        long firstLate = from + snapshotEvery + 1;
        long instant = t.toEpochMilli();
        try (KeyValueIterator<String, Long> blocks = lateBlocks.range(HistoryKeys.of(entityId, lateBlockOf(firstLate)),
                HistoryKeys.last(entityId))) {
            while (blocks.hasNext()) {
                var block = blocks.next();
                if (block.value <= instant) {
                    long start = HistoryKeys.seqOf(block.key) * LATE_BLOCK;
                    addLate(entityId, Math.max(firstLate, start), start + LATE_BLOCK - 1, instant, later);
                }
            }
        }
        return new Selection(base, later);
    }

    /** The block of the late-event summary that sequence number {@code seq} belongs to. */
    public static long lateBlockOf(long seq) {
        return seq / LATE_BLOCK;
    }

    private void addLate(String entityId, long fromSeq, long toSeq, long instant, List<HistoryEntry> into) {
        try (KeyValueIterator<String, Long> it = late.range(HistoryKeys.of(entityId, fromSeq),
                HistoryKeys.of(entityId, toSeq))) {
            while (it.hasNext()) {
                var next = it.next();
                if (next.value <= instant) {
                    into.add(history.get(next.key));
                }
            }
        }
    }

    public Selection forVersion(String entityId, long version) {
        Optional<Snapshot> base = lastSnapshot(entityId, s -> (s.entity() == null ? 0 : s.entity().version()) <= version);
        return new Selection(base, entries(entityId, base.map(Snapshot::seq).orElse(0L), snapshotEvery));
    }

    /**
     * The last snapshot that satisfies {@code usable}, which holds for a prefix of the periodic snapshots; the latest
     * snapshot taken on demand competes when it is later. Either way the next periodic snapshot is less than N
     * events after the base, so N events after it cover every event that is not late.
     */
    private Optional<Snapshot> lastSnapshot(String entityId, Predicate<Snapshot> usable) {
        HistoryHead head = heads.get(entityId);
        Optional<Snapshot> periodic = lastPeriodicSnapshot(entityId, head, usable);
        if (head != null && head.onDemandSnapshotSeq() > periodic.map(Snapshot::seq).orElse(0L)) {
            Snapshot onDemand = snapshots.get(HistoryKeys.of(entityId, head.onDemandSnapshotSeq()));
            if (onDemand != null && usable.test(onDemand)) {
                return Optional.of(onDemand);
            }
        }
        return periodic;
    }

    private Optional<Snapshot> lastPeriodicSnapshot(String entityId, HistoryHead head, Predicate<Snapshot> usable) {
        long count = head == null ? 0 : head.lastSeq() / snapshotEvery;
        long low = 1;
        long high = count;
        Snapshot best = null;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            Snapshot s = snapshots.get(HistoryKeys.of(entityId, mid * snapshotEvery));
            if (s != null && usable.test(s)) {
                best = s;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Entries with seq above {@code afterSeq}, at most {@code limit} of them, in log order. */
    public List<HistoryEntry> entries(String entityId, long afterSeq, int limit) {
        List<HistoryEntry> page = new ArrayList<>();
        try (KeyValueIterator<String, HistoryEntry> it = history.range(HistoryKeys.of(entityId, afterSeq + 1),
                HistoryKeys.last(entityId))) {
            while (it.hasNext() && page.size() < limit) {
                page.add(it.next().value);
            }
        }
        return page;
    }
}
