package io.veritrail.projector.query;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.topic.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends "snapshot this entity now" to the entity's partition of {@code projector.commands}. */
public final class SnapshotRequests implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final int partitions;

    public SnapshotRequests(String bootstrapServers) {
        this.producer = new KafkaProducer<>(KafkaClients.config(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "veritrail-projector-commands")),
                new StringSerializer(), new StringSerializer());
        this.partitions = producer.partitionsFor(Topics.PROJECTOR_COMMANDS).size();
    }

    public void request(String entityId) throws ExecutionException, InterruptedException, TimeoutException {
        send(entityId, "snapshot");
    }

    /** Asks for the entity's data key to be destroyed (see CommandProcessor). */
    public void erase(String entityId) throws ExecutionException, InterruptedException, TimeoutException {
        send(entityId, "erase");
    }

    private void send(String entityId, String command) throws ExecutionException, InterruptedException,
            TimeoutException {
        producer.send(new ProducerRecord<>(Topics.PROJECTOR_COMMANDS, EntityPartitioning.partitionFor(entityId, partitions),
                entityId, command)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
