package io.veritrail.ingest.publish;

import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the accepted events of a batch in one Kafka transaction: readers of the log ({@code read_committed})
 * see all of them or none. A producer runs one transaction at a time, so a small pool of transactional producers
 * serves concurrent requests; each has its own transactional id, stable per instance, so that a restarted
 * instance fences its predecessor's unfinished transactions.
 */
public final class BatchPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

    private final String bootstrapServers;
    private final SchemaRegistryClient registry;
    private final String instanceId;
    private final BlockingQueue<Slot> pool;
    private final LogRecords records;

    private record Slot(int index, KafkaProducer<String, EventEnvelope> producer) {
    }

    public BatchPublisher(String bootstrapServers, SchemaRegistryClient registry, Clock clock, String instanceId,
                          int producers) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.instanceId = instanceId;
        this.pool = new ArrayBlockingQueue<>(producers);
        for (int i = 0; i < producers; i++) {
            pool.add(new Slot(i, newProducer(i)));
        }
        this.records = new LogRecords(clock, pool.peek().producer().partitionsFor(Topics.EVENTS).size());
    }

    private KafkaProducer<String, EventEnvelope> newProducer(int index) {
        Map<String, Object> config = ProducerSettings.durable(bootstrapServers, "veritrail-ingest-batch-" + index);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "veritrail-ingest-" + instanceId + "-" + index);
        KafkaProducer<String, EventEnvelope> producer = new KafkaProducer<>(config, new StringSerializer(),
                new AvroSerializer<>(registry));
        producer.initTransactions();
        return producer;
    }

    /** Writes all events or none; answers their places in the log, in the order given. */
    public List<Accepted> publishAll(List<IncomingEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Slot slot = take();
        boolean healthy = true;
        try {
            KafkaProducer<String, EventEnvelope> producer = slot.producer();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
            try {
                for (IncomingEvent event : events) {
                    sent.add(producer.send(records.of(event)));
                }
                producer.commitTransaction();
            } catch (KafkaException | RegistryException e) {
                healthy = abort(producer);
                throw new LogUnavailableException("the batch of " + events.size() + " events was not written: "
                        + e.getMessage(), e);
            }
            List<Accepted> accepted = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                RecordMetadata written = sent.get(i).get();
                accepted.add(new Accepted(events.get(i).guid(), written.topic(), written.partition(), written.offset()));
            }
            return accepted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while writing a batch", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // Cannot happen after a successful commit, which waits for every send.
            throw new LogUnavailableException("a committed send reported a failure", e.getCause());
        } finally {
            give(healthy ? slot : replaceOrKeep(slot));
        }
    }

    private static boolean abort(KafkaProducer<String, EventEnvelope> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException fatal) {
            // Fenced or in a fatal state: this producer cannot be used again.
            return false;
        }
    }

    /** A fresh producer in place of a broken one; if the cluster cannot give one now, the next batch tries again. */
    private Slot replaceOrKeep(Slot broken) {
        log.warn("replacing transactional producer {} after a fatal error", broken.index());
        try {
            Slot fresh = new Slot(broken.index(), newProducer(broken.index()));
            broken.producer().close(java.time.Duration.ZERO);
            return fresh;
        } catch (KafkaException e) {
            log.warn("could not replace producer {} yet: {}", broken.index(), e.getMessage());
            return broken;
        }
    }

    private Slot take() {
        try {
            return pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while waiting for a producer", e);
        }
    }

    private void give(Slot slot) {
        pool.add(slot);
    }

    @Override
    public void close() {
        pool.forEach(slot -> slot.producer().close());
    }
}
