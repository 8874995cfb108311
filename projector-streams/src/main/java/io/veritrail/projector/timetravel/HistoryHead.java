package io.veritrail.projector.timetravel;

import java.time.Instant;

/** Where an entity's audit trail stands: its last sequence number and the latest timestamp among all its events. */
public record HistoryHead(long lastSeq, Instant maxTimestamp) {
    public static final HistoryHead EMPTY = new HistoryHead(0, Instant.MIN);

    public HistoryHead next(Instant timestamp) {
        return new HistoryHead(lastSeq + 1, timestamp.isAfter(maxTimestamp) ? timestamp : maxTimestamp);
    }
}
