package io.veritrail.projector.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.FieldChange;
import io.veritrail.schemas.avro.EntityChange;
import io.veritrail.schemas.avro.EntityState;
import io.veritrail.service.json.Json;
import java.util.List;

/** Turns the pure fold's results into the Avro records of the downstream topics. */
final class OutputRecords {
    private OutputRecords() {
    }

    static EntityState state(Entity entity) {
        return EntityState.newBuilder()
                .setId(entity.id())
                .setType(entity.type())
                .setData(json(entity.data()))
                .setVersion(entity.version())
                .setCreatedAt(entity.createdAt())
                .setLastUpdated(entity.lastUpdated())
                .setLastEventGuid(entity.lastEventGuid())
                .setDeleted(entity.deleted())
                .setMembers(entity.members())
                .setGroups(entity.groups())
                .build();
    }

    static EntityChange change(Event event, Entity after, List<FieldChange> changes) {
        return EntityChange.newBuilder()
                .setEntityGuid(after.id())
                .setVersion(after.version())
                .setEventGuid(event.guid())
                .setEventType(event.type())
                .setTimestamp(event.timestamp())
                .setEntity(state(after))
                .setChanges(changes.stream().map(c -> io.veritrail.schemas.avro.FieldChange.newBuilder()
                        .setField(c.field())
                        .setOldValue(c.oldValue() == null ? null : json(c.oldValue()))
                        .setNewValue(c.newValue() == null ? null : json(c.newValue()))
                        .build()).toList())
                .build();
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entity data is not JSON-writable", e);
        }
    }
}
