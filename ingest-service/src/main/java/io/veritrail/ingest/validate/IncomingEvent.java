package io.veritrail.ingest.validate;

import java.time.Instant;
import java.util.Map;

/**
 * An event that passed validation, before ingest stamps its arrival time. {@code dataJson} is the payload as
 * compact JSON text of an object; {@code fingerprint} identifies its content for idempotency
 * ({@link io.veritrail.ingest.dedupe.ContentFingerprint}).
 */
public record IncomingEvent(String guid, String entityGuid, String type, String dataJson, Instant timestamp,
                            String userId, String syncLevel, int schemaVersion, Map<String, String> metadata,
                            String fingerprint) {
    public IncomingEvent {
        metadata = Map.copyOf(metadata);
    }
}
