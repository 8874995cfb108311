package io.veritrail.projector.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.projector.apply.Entity;
import io.veritrail.service.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Entity state in the RocksDB store and its changelog: JSON, so that a person reading the changelog topic with
 * any tool sees the document.
 */
public final class EntitySerde {
    private static final ObjectMapper JSON = Json.mapper();

    private EntitySerde() {
    }

    public static Serde<Entity> serde() {
        Serializer<Entity> serializer = (topic, entity) -> {
            if (entity == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(entity);
            } catch (IOException e) {
                throw new SerializationException("cannot write entity " + entity.id(), e);
            }
        };
        Deserializer<Entity> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, Entity.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read an entity from " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
