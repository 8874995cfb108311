package io.veritrail.projector.topology;

import com.fasterxml.jackson.core.type.TypeReference;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.RejectedEventException;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.util.Map;

/** Turns the Avro envelope of the log into the plain {@link Event} that appliers take. */
final class EnvelopeReader {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private EnvelopeReader() {
    }

    static Event read(EventEnvelope envelope) {
        if (!(envelope.getData() instanceof CharSequence text)) {
            throw new RejectedEventException("event data is encrypted and this projector holds no key for it");
        }
        Map<String, Object> data;
        try {
            data = Json.mapper().readValue(text.toString(), OBJECT);
        } catch (IOException e) {
            throw new RejectedEventException("event data is not a JSON object: " + e.getMessage());
        }
        return new Event(envelope.getGuid(), envelope.getEntityGuid(), envelope.getType(), data,
                envelope.getTimestamp(), envelope.getUserId(), envelope.getSyncLevel().name(),
                envelope.getSchemaVersion(), envelope.getArrivalTime());
    }
}
