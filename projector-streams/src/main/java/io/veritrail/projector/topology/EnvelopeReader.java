package io.veritrail.projector.topology;

import com.fasterxml.jackson.core.type.TypeReference;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.RejectedEventException;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.util.Map;

/** Turns the Avro envelope of the log into the plain {@link Event} that appliers take. */
final class EnvelopeReader {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private EnvelopeReader() {
    }

    static Event read(EventEnvelope envelope, DataProtection protection) {
        String text;
        if (envelope.getData() instanceof CharSequence plain) {
            text = plain.toString();
        } else if (!protection.enabled()) {
            throw new RejectedEventException("event data is encrypted and this projector holds no key for it");
        } else {
            java.nio.ByteBuffer bytes = ((java.nio.ByteBuffer) envelope.getData()).duplicate();
            byte[] sealed = new byte[bytes.remaining()];
            bytes.get(sealed);
            try {
                text = protection.openEvent(envelope.getEntityGuid(), sealed);
            } catch (DataProtection.ErasedException e) {
                throw new RejectedEventException(e.getMessage());
            } catch (RuntimeException e) {
                throw new RejectedEventException("event data does not decrypt: " + e.getMessage());
            }
        }
        Map<String, Object> data;
        try {
            data = Json.mapper().readValue(text, OBJECT);
        } catch (IOException e) {
            throw new RejectedEventException("event data is not a JSON object: " + e.getMessage());
        }
        return new Event(envelope.getGuid(), envelope.getEntityGuid(), envelope.getType(), data,
                envelope.getTimestamp(), envelope.getUserId(), envelope.getSyncLevel().name(),
                envelope.getSchemaVersion(), envelope.getArrivalTime());
    }
}
