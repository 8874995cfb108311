package io.veritrail.projector.timetravel;

import java.time.Instant;

/**
 * Where an entity's audit trail stands: its last sequence number, the latest timestamp among all its events, the
 * sequence number of its latest snapshot taken on demand (0 if none), and the layout of its time-travel indexes.
 * Layout {@value #INDEXED} (every entity created by this version on): each periodic snapshot has a
 * {@link SnapshotMark} and each late event is counted in its block's summary. Layout 0 (a head stored by an earlier
 * version, where the field is missing): neither can be relied on, so questions read the snapshots and late events
 * themselves, more slowly but right.
 */
public record HistoryHead(long lastSeq, Instant maxTimestamp, long onDemandSnapshotSeq, int layout) {
    public static final int INDEXED = 1;
    public static final HistoryHead EMPTY = new HistoryHead(0, Instant.MIN, 0, INDEXED);

    public HistoryHead next(Instant timestamp) {
        return new HistoryHead(lastSeq + 1, timestamp.isAfter(maxTimestamp) ? timestamp : maxTimestamp,
                onDemandSnapshotSeq, layout);
    }

    public HistoryHead withOnDemandSnapshot() {
        return new HistoryHead(lastSeq, maxTimestamp, lastSeq, layout);
    }

    public boolean indexed() {
        return layout >= INDEXED;
    }
}
