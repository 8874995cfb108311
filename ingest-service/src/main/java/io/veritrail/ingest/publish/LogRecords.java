package io.veritrail.ingest.publish;

import io.veritrail.ingest.dedupe.ContentFingerprint;
import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.topic.EventKey;
import io.veritrail.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns a validated event into the record the log keeps: the Avro envelope (Confluent wire format) stamped with its
 * arrival time, keyed {@code <entityGuid>/<guid>}, on the partition of its entity, with its content fingerprint in
 * a header so that any ingest instance can tell a retry from a different event without decoding the value.
 */
final class LogRecords {
    private final Clock clock;
    private final int partitions;
    private final AvroSerializer<EventEnvelope> serializer;

    LogRecords(Clock clock, int partitions, AvroSerializer<EventEnvelope> serializer) {
        this.clock = clock;
        this.partitions = partitions;
        this.serializer = serializer;
    }

    /** The header naming the request that writes a record: one per request, shared by its records. */
    static Header requestHeader(String requestToken) {
        return new RecordHeader(ContentFingerprint.REQUEST_HEADER, requestToken.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param request    the request's header ({@link #requestHeader})
     * @param sealedData the event's data encrypted under its entity's key, or null to keep it as JSON text
     */
    ProducerRecord<byte[], byte[]> of(IncomingEvent event, Header request, byte[] sealedData) {
        // The all-fields constructor, not the builder: the builder's per-field checks and copies showed in the
        // per-event profile, and every field here is already checked.
        EventEnvelope envelope = new EventEnvelope(event.guid(), event.entityGuid(), event.type(),
                sealedData == null ? new org.apache.avro.util.Utf8(event.dataUtf8()) : java.nio.ByteBuffer.wrap(sealedData),
                event.timestamp().truncatedTo(ChronoUnit.MILLIS), event.userId(), SyncLevel.valueOf(event.syncLevel()),
                event.schemaVersion(), Map.copyOf(event.metadata()),
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        int partition = EntityPartitioning.partitionFor(event.entityGuid(), partitions);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.EVENTS, partition,
                new EventKey(event.entityGuid(), event.guid()).text().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.EVENTS, envelope));
        record.headers().add(new RecordHeader(ContentFingerprint.HEADER,
                event.fingerprint().getBytes(StandardCharsets.US_ASCII)));
        record.headers().add(request);
        return record;
    }
}
