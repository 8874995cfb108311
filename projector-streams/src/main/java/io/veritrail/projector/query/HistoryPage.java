package io.veritrail.projector.query;

import io.veritrail.projector.timetravel.HistoryEntry;
import java.util.List;

/** A page of an entity's audit trail; {@code next} is the {@code after} of the following page, null on the last. */
public record HistoryPage(String entityId, List<HistoryEntry> events, String next) {
}
