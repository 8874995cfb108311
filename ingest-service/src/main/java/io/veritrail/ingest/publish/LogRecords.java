package io.veritrail.ingest.publish;

import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.topic.EventKey;
import io.veritrail.schemas.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a validated event into the record the log keeps: the Avro envelope stamped with its arrival time, keyed
 * {@code <entityGuid>/<guid>}, on the partition of its entity.
 */
final class LogRecords {
    private final Clock clock;
    private final int partitions;

    LogRecords(Clock clock, int partitions) {
        this.clock = clock;
        this.partitions = partitions;
    }

    ProducerRecord<String, EventEnvelope> of(IncomingEvent event) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setGuid(event.guid())
                .setEntityGuid(event.entityGuid())
                .setType(event.type())
                .setData(event.dataJson())
                .setTimestamp(event.timestamp().truncatedTo(ChronoUnit.MILLIS))
                .setUserId(event.userId())
                .setSyncLevel(SyncLevel.valueOf(event.syncLevel()))
                .setSchemaVersion(event.schemaVersion())
                .setMetadata(Map.copyOf(event.metadata()))
                .setArrivalTime(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .build();
        int partition = EntityPartitioning.partitionFor(event.entityGuid(), partitions);
        return new ProducerRecord<>(Topics.EVENTS, partition, new EventKey(event.entityGuid(), event.guid()).text(),
                envelope);
    }
}
