package io.veritrail.projector.query;

import io.veritrail.projector.apply.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An entity as the query API shows it. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record EntityDocument(String id, String type, Map<String, Object> data, long version, Instant createdAt,
                             Instant lastUpdated, String lastEventGuid, List<String> members, List<String> groups,
                             String createdBy, String tenant) {
    static EntityDocument of(Entity entity) {
        return new EntityDocument(entity.id(), entity.type(), entity.data(), entity.version(), entity.createdAt(),
                entity.lastUpdated(), entity.lastEventGuid(), entity.members(), entity.groups(), entity.createdBy(),
                entity.tenant());
    }
}
