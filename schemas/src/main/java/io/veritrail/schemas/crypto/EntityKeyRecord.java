package io.veritrail.schemas.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A value of the {@code entity-keys} topic (JSON): either an entity's wrapped data key
 * {@code {"masterKeyId", "wrappedKey", "createdAt"}} or the marker that it was destroyed {@code {"erasedAt"}}.
 */
public sealed interface EntityKeyRecord {
    ObjectMapper JSON = new ObjectMapper();

    record Wrapped(MasterKeys.WrappedKey key, Instant createdAt) implements EntityKeyRecord {
    }

    record Erased(Instant erasedAt) implements EntityKeyRecord {
    }

    default byte[] bytes() {
        ObjectNode node = JSON.createObjectNode();
        switch (this) {
            case Wrapped(MasterKeys.WrappedKey key, Instant createdAt) -> node.put("masterKeyId", key.masterKeyId())
                    .put("wrappedKey", Base64.getEncoder().encodeToString(key.bytes()))
                    .put("createdAt", createdAt.toString());
            case Erased(Instant erasedAt) -> node.put("erasedAt", erasedAt.toString());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static EntityKeyRecord parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node.has("erasedAt")) {
                return new Erased(Instant.parse(node.get("erasedAt").asText()));
            }
            return new Wrapped(new MasterKeys.WrappedKey(node.get("masterKeyId").asText(),
                    Base64.getDecoder().decode(node.get("wrappedKey").asText())),
                    Instant.parse(node.get("createdAt").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable entity-keys record: " + e.getMessage(), e);
        }
    }
}
