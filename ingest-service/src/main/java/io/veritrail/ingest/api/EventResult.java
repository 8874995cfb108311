package io.veritrail.ingest.api;

import io.veritrail.ingest.publish.Accepted;

/**
 * The answer to one accepted event: {@code accepted} (202, written now) or {@code duplicate} (200, the same event
 * was written before; this is where it is).
 */
public record EventResult(String status, String guid, String topic, int partition, long offset) {
    static EventResult of(String status, Accepted place) {
        return new EventResult(status, place.guid(), place.topic(), place.partition(), place.offset());
    }
}
