package io.veritrail.projector.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one entity after folding its events. {@code version} counts the events applied to it; a deleted
 * entity keeps its last data and history but is hidden from current reads. {@code members} are a group's member
 * ids; {@code groups} the groups an entity belongs to. {@code createdBy} (the {@code userId} of the creating event)
 * and {@code tenant} (the creating event's {@code data.tenant}, the program it belongs to) decide who may read it.
 * Immutable: appliers return a new entity.
 */
public record Entity(String id, String type, Map<String, Object> data, long version, Instant createdAt,
                     Instant lastUpdated, String lastEventGuid, boolean deleted, List<String> members,
                     List<String> groups, String createdBy, String tenant) {
    public Entity {
        data = JsonValues.freeze(data);
        members = members == null ? List.of() : List.copyOf(members);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A new entity created by {@code event}: version 1. */
    public static Entity created(String type, Event event, Map<String, Object> data) {
        return new Entity(event.entityGuid(), type, data, 1, event.timestamp(), event.timestamp(), event.guid(), false,
                List.of(), List.of(), event.userId(), data.get("tenant") instanceof String t ? t : null);
    }

    /** This entity with new data, one version later, stamped with {@code event}. */
    public Entity next(Event event, Map<String, Object> newData) {
        return new Entity(id, type, newData, version + 1, createdAt, event.timestamp(), event.guid(), deleted, members,
                groups, createdBy, tenant);
    }

    /** This entity marked deleted by {@code event}, one version later; its data stays for the history. */
    public Entity deletedBy(Event event) {
        return new Entity(id, type, data, version + 1, createdAt, event.timestamp(), event.guid(), true, members, groups,
                createdBy, tenant);
    }

    /** This entity with a new member list, one version later. */
    public Entity withMembers(Event event, List<String> newMembers) {
        return new Entity(id, type, data, version + 1, createdAt, event.timestamp(), event.guid(), deleted, newMembers,
                groups, createdBy, tenant);
    }

    /**
     * A copy listing other groups. Not an event of this entity, so no new version: the groups a member belongs to
     * follow from its groups' add-member and remove-member events.
     */
    public Entity withGroups(List<String> newGroups) {
        return new Entity(id, type, data, version, createdAt, lastUpdated, lastEventGuid, deleted, members, newGroups,
                createdBy, tenant);
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
