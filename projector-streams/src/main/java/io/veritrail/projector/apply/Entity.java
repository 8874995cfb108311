package io.veritrail.projector.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one entity after folding its events. {@code version} counts the events applied to it.
 * Immutable: appliers return a new entity.
 */
public record Entity(String id, String type, Map<String, Object> data, long version, Instant createdAt,
                     Instant lastUpdated, String lastEventGuid, boolean deleted) {
    public Entity {
        data = JsonValues.freeze(data);
    }

    /** A new entity created by {@code event}: version 1. */
    public static Entity created(String type, Event event, Map<String, Object> data) {
        return new Entity(event.entityGuid(), type, data, 1, event.timestamp(), event.timestamp(), event.guid(), false);
    }

    /** This entity with new data, one version later, stamped with {@code event}. */
    public Entity next(Event event, Map<String, Object> newData) {
        return new Entity(id, type, newData, version + 1, createdAt, event.timestamp(), event.guid(), deleted);
    }

    /**
     * A shallow merge: each field of {@code changes} replaces the entity's field; a field given as null is removed.
     */
    public Map<String, Object> mergedWith(Map<String, Object> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(data);
        changes.forEach((field, value) -> {
            if (value == null) {
                merged.remove(field);
            } else {
                merged.put(field, value);
            }
        });
        return merged;
    }
}
