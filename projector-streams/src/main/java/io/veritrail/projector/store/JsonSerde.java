package io.veritrail.projector.store;

import io.veritrail.service.json.Json;
import io.veritrail.schemas.crypto.DataProtection;
import java.io.IOException;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The projector's stores and changelogs hold JSON, so that a person reading a changelog topic with any tool sees
 * the document.
 */
public final class JsonSerde {
    private JsonSerde() {
    }

    /**
     * JSON sealed under the entity's data key (see {@link DataProtection}): the changelog and the RocksDB files hold
     * only ciphertext of an entity's data. {@code entityOf} names the entity a value belongs to, or null for a value
     * with no data (kept as plain JSON). Reading a value of an erased entity throws
     * {@link DataProtection.ErasedException}.
     */
    public static <T> Serde<T> sealed(Class<T> type, Function<T, String> entityOf, DataProtection protection) {
        Serde<T> json = of(type);
        if (!protection.enabled()) {
            return json;
        }
        return Serdes.serdeFrom((topic, value) -> {
            byte[] plain = json.serializer().serialize(topic, value);
            String entity = value == null ? null : entityOf.apply(value);
            return entity == null ? plain : protection.sealValue(entity, plain);
        }, (topic, bytes) -> bytes == null ? null : json.deserializer().deserialize(topic, protection.openValue(bytes)));
    }

    public static <T> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return Json.mapper().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + type.getSimpleName(), e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read a " + type.getSimpleName() + " from " + topic, e);
            }
        });
    }
}
