package io.veritrail.ingest.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrail.ingest.validate.JsonText;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.serde.AvroDeserializer;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a third-party producer put on {@code events.inbox} into the same JSON envelope an HTTP client posts,
 * so both front doors go through the same checks. Two encodings: JSON text (UTF-8), or the Avro
 * {@code EventEnvelope} in the Confluent wire format (magic byte 0, schema id, Avro binary; its {@code data} must
 * be JSON text, its {@code arrivalTime} is ignored because ingest stamps its own).
 */
public final class InboxDecoder {
    private final AvroDeserializer<EventEnvelope> avro;

    /** The envelope as JSON, or why the record cannot be read. */
    public sealed interface Decoded {
        record Envelope(JsonNode body) implements Decoded {
        }

        record Unreadable(String reason) implements Decoded {
        }
    }

    public InboxDecoder(AvroDeserializer<EventEnvelope> avro) {
        this.avro = avro;
    }

    public Decoded decode(byte[] value) {
        if (value == null || value.length == 0) {
            return new Decoded.Unreadable("the record has no value");
        }
        if (value[0] == 0 && value.length > 5) {
            return fromAvro(value);
        }
        try {
            return new Decoded.Envelope(JsonText.parse(value));
        } catch (JsonText.MalformedException e) {
            return new Decoded.Unreadable(e.getMessage());
        }
    }

    private Decoded fromAvro(byte[] value) {
        EventEnvelope envelope;
        try {
            envelope = avro.deserialize(Topics.EVENTS_INBOX, value);
        } catch (RuntimeException e) {
            return new Decoded.Unreadable("not a readable Avro EventEnvelope (schema id "
                    + ByteBuffer.wrap(value, 1, 4).getInt() + "): " + e.getMessage());
        }
        if (!(envelope.getData() instanceof CharSequence dataText)) {
            return new Decoded.Unreadable("data must be JSON text, not bytes, at the inbox");
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("guid", str(envelope.getGuid()));
        body.put("entityGuid", str(envelope.getEntityGuid()));
        body.put("type", str(envelope.getType()));
        try {
            body.set("data", JsonText.parse(dataText.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (JsonText.MalformedException e) {
            return new Decoded.Unreadable("data: " + e.getMessage());
        }
        body.put("timestamp", envelope.getTimestamp() == null ? null : envelope.getTimestamp().toString());
        body.put("userId", str(envelope.getUserId()));
        body.put("syncLevel", envelope.getSyncLevel() == null ? null : envelope.getSyncLevel().name());
        body.put("schemaVersion", envelope.getSchemaVersion());
        if (envelope.getMetadata() != null && !envelope.getMetadata().isEmpty()) {
            ObjectNode metadata = body.putObject("metadata");
            envelope.getMetadata().forEach((k, v) -> metadata.put(k.toString(), str(v)));
        }
        return new Decoded.Envelope(body);
    }

    private static String str(CharSequence text) {
        return text == null ? null : text.toString();
    }
}
