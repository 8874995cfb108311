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
 * length of the history: the base snapshot by binary search over the snapshots' marks (snapshots every N events;
 * their max timestamps and versions only rise with the sequence), the at most N events of the interval after it,
 * and, for an instant, the late events after that interval whose timestamps put them before the instant, found
 * through the earliest timestamp of each block of {@value #LATE_BLOCK} sequence numbers so that blocks with none
 * are skipped unread.
 */
public final class EntityTimeline {
    /** Sequence numbers per block of the late-event summary. */
    public static final int LATE_BLOCK = 1024;

    /** The projector's time-travel stores, as one instance (or a test driver) sees them. */
    public record Stores(ReadOnlyKeyValueStore<String, HistoryEntry> history,
                         ReadOnlyKeyValueStore<String, Snapshot> snapshots,
                         ReadOnlyKeyValueStore<String, byte[]> snapshotMarks,
                         ReadOnlyKeyValueStore<String, HistoryHead> heads,
                         ReadOnlyKeyValueStore<String, Long> late,
                         ReadOnlyKeyValueStore<String, Long> lateBlocks) {
    }

    private final Stores stores;
    private final int snapshotEvery;

    public EntityTimeline(Stores stores, int snapshotEvery) {
        this.stores = stores;
        this.snapshotEvery = snapshotEvery;
    }

    /** What to fold: a base snapshot (if any) and the events after it that can matter, in log order. */
    public record Selection(Optional<Snapshot> base, List<HistoryEntry> later) {
    }

    public Selection forInstant(String entityId, Instant t) {
        HistoryHead head = stores.heads().get(entityId);
        Optional<Snapshot> base = lastSnapshot(entityId, head, mark -> !mark.maxTimestamp().isAfter(t));
        long from = base.map(Snapshot::seq).orElse(0L);
        List<HistoryEntry> later = entries(entityId, from, snapshotEvery);
        long firstLate = from + snapshotEvery + 1;
        long instant = t.toEpochMilli();
        if (head != null && !head.indexed()) {
            addLate(entityId, firstLate, Long.MAX_VALUE, instant, later);
            return new Selection(base, later);
        }
        try (KeyValueIterator<String, Long> blocks = stores.lateBlocks().range(
                HistoryKeys.of(entityId, lateBlockOf(firstLate)), HistoryKeys.last(entityId))) {
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

    public Selection forVersion(String entityId, long version) {
        HistoryHead head = stores.heads().get(entityId);
        Optional<Snapshot> base = lastSnapshot(entityId, head, mark -> mark.version() <= version);
        return new Selection(base, entries(entityId, base.map(Snapshot::seq).orElse(0L), snapshotEvery));
    }

    /** The block of the late-event summary that sequence number {@code seq} belongs to. */
    public static long lateBlockOf(long seq) {
        return seq / LATE_BLOCK;
    }

    /** Late events with sequence numbers in [fromSeq, toSeq] whose timestamps are at or before the instant. */
    private void addLate(String entityId, long fromSeq, long toSeq, long instant, List<HistoryEntry> into) {
        try (KeyValueIterator<String, Long> it = stores.late().range(HistoryKeys.of(entityId, fromSeq),
                HistoryKeys.of(entityId, toSeq))) {
            while (it.hasNext()) {
                var next = it.next();
                if (next.value <= instant) {
                    into.add(stores.history().get(next.key));
                }
            }
        }
    }

    /**
     * The last snapshot that satisfies {@code usable}, which holds for a prefix of the periodic snapshots; the latest
     * snapshot taken on demand competes when it is later. Either way the next periodic snapshot is less than N
     * events after the base, so N events after it cover every event that is not late.
     */
    private Optional<Snapshot> lastSnapshot(String entityId, HistoryHead head, Predicate<SnapshotMark> usable) {
        Optional<Snapshot> periodic = lastPeriodicSnapshot(entityId, head, usable);
        if (head != null && head.onDemandSnapshotSeq() > periodic.map(Snapshot::seq).orElse(0L)) {
            Snapshot onDemand = stores.snapshots().get(HistoryKeys.of(entityId, head.onDemandSnapshotSeq()));
            if (onDemand != null && usable.test(SnapshotMark.of(onDemand))) {
                return Optional.of(onDemand);
            }
        }
        return periodic;
    }

    private Optional<Snapshot> lastPeriodicSnapshot(String entityId, HistoryHead head, Predicate<SnapshotMark> usable) {
        long count = head == null ? 0 : head.lastSeq() / snapshotEvery;
        boolean marked = head != null && head.indexed();
        long low = 1;
        long high = count;
        long best = 0;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            SnapshotMark mark = mark(entityId, mid * snapshotEvery, marked);
            if (mark != null && usable.test(mark)) {
                best = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best == 0 ? Optional.empty()
                : Optional.ofNullable(stores.snapshots().get(HistoryKeys.of(entityId, best * snapshotEvery)));
    }

    private SnapshotMark mark(String entityId, long seq, boolean marked) {
        if (marked) {
            byte[] bytes = stores.snapshotMarks().get(HistoryKeys.of(entityId, seq));
            return bytes == null ? null : SnapshotMark.of(bytes);
        }
        Snapshot snapshot = stores.snapshots().get(HistoryKeys.of(entityId, seq));
        return snapshot == null ? null : SnapshotMark.of(snapshot);
    }

    /** Entries with seq above {@code afterSeq}, at most {@code limit} of them, in log order. */
    public List<HistoryEntry> entries(String entityId, long afterSeq, int limit) {
        List<HistoryEntry> page = new ArrayList<>();
        try (KeyValueIterator<String, HistoryEntry> it = stores.history().range(HistoryKeys.of(entityId, afterSeq + 1),
                HistoryKeys.last(entityId))) {
            while (it.hasNext() && page.size() < limit) {
                page.add(it.next().value);
            }
        }
        return page;
    }
}
