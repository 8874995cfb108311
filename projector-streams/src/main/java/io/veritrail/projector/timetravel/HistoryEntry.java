package io.veritrail.projector.timetravel;

import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.FieldChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of an entity's audit trail, in log order ({@code seq} counts every event of the entity, applied or
 * not): who did what when, what it changed, and the version it reached. Kept with its data so that any past state
 * can be folded again from it.
 */
public record HistoryEntry(long seq, String entityGuid, String guid, String type, Map<String, Object> data, Instant timestamp,
                           Instant arrivalTime, String userId, String syncLevel, int schemaVersion, boolean applied,
                           String reason, long versionAfter, List<FieldChange> changes) {
    public HistoryEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static HistoryEntry of(long seq, Event event, boolean applied, String reason, long versionAfter,
                                  List<FieldChange> changes) {
        return new HistoryEntry(seq, event.entityGuid(), event.guid(), event.type(), event.data(), event.timestamp(), event.arrivalTime(),
                event.userId(), event.syncLevel(), event.schemaVersion(), applied, reason, versionAfter, changes);
    }

    public Event event(String entityGuid) {
        return new Event(guid, entityGuid, type, data, timestamp, userId, syncLevel, schemaVersion, arrivalTime);
    }
}
