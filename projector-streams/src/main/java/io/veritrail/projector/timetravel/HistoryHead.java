package io.veritrail.projector.timetravel;

import java.time.Instant;

/**
 * Where an entity's audit trail stands: its last sequence number, the latest timestamp among all its events, and
 * the sequence number of its latest snapshot taken on demand (0 if none).
 */
public record HistoryHead(long lastSeq, Instant maxTimestamp, long onDemandSnapshotSeq) {
    public static final HistoryHead EMPTY = new HistoryHead(0, Instant.MIN, 0);

    public HistoryHead next(Instant timestamp) {
        return new HistoryHead(lastSeq + 1, timestamp.isAfter(maxTimestamp) ? timestamp : maxTimestamp,
                onDemandSnapshotSeq);
    }

    public HistoryHead withOnDemandSnapshot() {
        return new HistoryHead(lastSeq, maxTimestamp, lastSeq);
    }
}
