package io.veritrail.projector.timetravel;

import io.veritrail.projector.store.HistoryKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads one entity's history and snapshots from the stores (an adapter around {@link AsOfFold}'s inputs). */
public final class EntityTimeline {
    private final ReadOnlyKeyValueStore<String, HistoryEntry> history;
    private final ReadOnlyKeyValueStore<String, Snapshot> snapshots;

    public EntityTimeline(ReadOnlyKeyValueStore<String, HistoryEntry> history,
                          ReadOnlyKeyValueStore<String, Snapshot> snapshots) {
        this.history = history;
        this.snapshots = snapshots;
    }

    public List<Snapshot> snapshots(String entityId) {
        List<Snapshot> all = new ArrayList<>();
        try (KeyValueIterator<String, Snapshot> it = snapshots.range(HistoryKeys.first(entityId), HistoryKeys.last(entityId))) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    /** Entries with seq above {@code afterSeq}, at most {@code limit} of them. */
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

    public Optional<Snapshot> baseFor(String entityId, Instant t) {
        return AsOfFold.baseFor(snapshots(entityId), t);
    }
}
