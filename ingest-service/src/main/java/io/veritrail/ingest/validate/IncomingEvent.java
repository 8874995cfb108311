package io.veritrail.ingest.validate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * An event that passed validation, before ingest stamps its arrival time. {@code dataUtf8} is the payload as
 * compact JSON text of an object, in UTF-8: the bytes the record carries, made once and never decoded on the way;
 * {@code fingerprint} identifies its content for idempotency ({@link io.veritrail.ingest.dedupe.ContentFingerprint}).
 */
public record IncomingEvent(String guid, String entityGuid, String type, byte[] dataUtf8, Instant timestamp,
                            String userId, String syncLevel, int schemaVersion, Map<String, String> metadata,
                            String fingerprint) {
    public IncomingEvent {
        metadata = Map.copyOf(metadata);
    }

    /** The payload as JSON text. */
    public String dataJson() {
        return new String(dataUtf8, StandardCharsets.UTF_8);
    }
}
