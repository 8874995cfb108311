package io.veritrail.projector.apply;

import java.time.Instant;
import java.util.Map;

/**
 * An event as appliers see it: the envelope with its payload already read into plain Java values (maps, lists,
 * strings, numbers, booleans, nulls). Appliers never see Avro or Kafka types.
 */
public record Event(String guid, String entityGuid, String type, Map<String, Object> data, Instant timestamp,
                    String userId, String syncLevel, int schemaVersion, Instant arrivalTime) {
    public Event {
        data = JsonValues.freeze(data);
    }
}
