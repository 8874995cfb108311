package io.veritrail.ingest.publish;

import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.Topics;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes accepted events to the log: idempotent producer, {@code acks=all}, the partition chosen from the entity
 * id so that one entity's events stay in order in one partition. Answers only once the broker confirmed the write.
 */
public final class EventPublisher implements AutoCloseable {
    private static final long CONFIRM_TIMEOUT_SECONDS = 40;

    private final KafkaProducer<String, EventEnvelope> producer;
    private final LogRecords records;

    public EventPublisher(String bootstrapServers, SchemaRegistryClient registry, Clock clock) {
        this.producer = new KafkaProducer<>(ProducerSettings.durable(bootstrapServers, "veritrail-ingest"),
                new StringSerializer(), new AvroSerializer<>(registry));
        // The partition count of the log never changes (see Topics); read it once and fail fast if the log is missing.
        this.records = new LogRecords(clock, producer.partitionsFor(Topics.EVENTS).size());
    }

    public Accepted publish(IncomingEvent event) {
        ProducerRecord<String, EventEnvelope> record = records.of(event);
        try {
            RecordMetadata written = producer.send(record).get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Accepted(event.guid(), written.topic(), written.partition(), written.offset());
        } catch (KafkaException | RegistryException e) {
            // Raised before sending: no metadata for the log, or the registry could not give a schema id.
            throw new LogUnavailableException("could not write " + event.guid() + ": " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("the event log did not confirm the write of " + event.guid(),
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while writing " + event.guid(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
