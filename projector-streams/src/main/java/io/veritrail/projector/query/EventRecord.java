package io.veritrail.projector.query;

import io.veritrail.projector.timetravel.HistoryEntry;

/** One event found by its guid: the entity it belongs to, the partition of the log holding it, its trail entry. */
public record EventRecord(String entityId, int partition, HistoryEntry event) {
}
