package io.veritrail.projector.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.FieldChange;
import io.veritrail.schemas.avro.EntityChange;
import io.veritrail.schemas.avro.EntityState;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.service.json.Json;
import java.util.List;

/** Turns the pure fold's results into the Avro records of the downstream topics. */
final class OutputRecords {
    private OutputRecords() {
    }

    /** The entity's latest state; its data sealed under the entity's key when it has one. */
    static EntityState state(Entity entity, DataProtection protection) {
        return EntityState.newBuilder()
                .setId(entity.id())
                .setType(entity.type())
                .setData(protection.sealText(entity.id(), json(entity.data())))
                .setVersion(entity.version())
                .setCreatedAt(entity.createdAt())
                .setLastUpdated(entity.lastUpdated())
                .setLastEventGuid(entity.lastEventGuid())
                .setDeleted(entity.deleted())
                .setMembers(entity.members())
                .setGroups(entity.groups())
                .build();
    }

    static EntityChange change(Event event, Entity after, List<FieldChange> changes, DataProtection protection) {
        return EntityChange.newBuilder()
                .setEntityGuid(after.id())
                .setVersion(after.version())
                .setEventGuid(event.guid())
                .setEventType(event.type())
                .setTimestamp(event.timestamp())
                .setEntity(state(after, protection))
                .setChanges(changes.stream().map(c -> io.veritrail.schemas.avro.FieldChange.newBuilder()
                        .setField(c.field())
                        .setOldValue(c.oldValue() == null ? null : protection.sealText(after.id(), json(c.oldValue())))
                        .setNewValue(c.newValue() == null ? null : protection.sealText(after.id(), json(c.newValue())))
                        .build()).toList())
                .build();
    }

    /**
     * Downstream's notice that an entity's data is gone for good: its key was destroyed. The state carries no data
     * ({@code {}}) and is marked deleted; entity-state gets a tombstone beside it.
     */
    static EntityChange erased(Entity entity, String commandId, java.time.Instant at) {
        EntityState state = EntityState.newBuilder().setId(entity.id()).setType(entity.type()).setData("{}")
                .setVersion(entity.version()).setCreatedAt(entity.createdAt()).setLastUpdated(at)
                .setLastEventGuid(entity.lastEventGuid()).setDeleted(true).setMembers(List.of()).setGroups(List.of())
                .build();
        return EntityChange.newBuilder().setEntityGuid(entity.id()).setVersion(entity.version())
                .setEventGuid(commandId).setEventType(ERASED_EVENT_TYPE).setTimestamp(at).setEntity(state)
                .setChanges(List.of()).build();
    }

    static final String ERASED_EVENT_TYPE = "entity-erased";

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entity data is not JSON-writable", e);
        }
    }
}
