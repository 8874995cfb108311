package io.veritrail.ingest.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** An event as a syncing client receives it: the envelope as sent, its arrival time and its place in the log. */
public record SyncedEvent(String guid, String entityGuid, String type, JsonNode data, String encryptedData,
                          Instant timestamp, String userId, String syncLevel, int schemaVersion,
                          Map<String, String> metadata, Instant arrivalTime, int partition, long offset) {
}
