package io.veritrail.ingest.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * An event as a syncing client receives it: the envelope as sent, its arrival time and its place in the log. Of
 * {@code data} and {@code encryptedData} one is set, or neither when the entity's data was erased ({@code erased}).
 */
public record SyncedEvent(String guid, String entityGuid, String type, JsonNode data, String encryptedData,
                          boolean erased, Instant timestamp, String userId, String syncLevel, int schemaVersion,
                          Map<String, String> metadata, Instant arrivalTime, int partition, long offset) {
}
