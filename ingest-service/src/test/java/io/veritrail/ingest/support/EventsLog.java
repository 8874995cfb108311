package io.veritrail.ingest.support;

import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroDeserializer;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what tests need from the real broker: end offsets, and the committed records written since a point. */
public final class EventsLog implements AutoCloseable {
    private final String bootstrap;
    private final String registryUrl;
    private final Admin admin;
    private final TopicProvisioner topics;

    public EventsLog(String bootstrap, String registryUrl) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.topics = new TopicProvisioner(admin);
        topics.ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
    }

    public Map<TopicPartition, Long> end(String topic) {
        return topics.endOffsets(topic);
    }

    /** Committed events written after {@code before} (end offsets taken earlier). */
    public List<ConsumerRecord<String, EventEnvelope>> eventsSince(Map<TopicPartition, Long> before) {
        AvroDeserializer<EventEnvelope> avro = new AvroDeserializer<>(
                new SchemaRegistryClient(RegistryConfig.of(registryUrl)), EventEnvelope.class);
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new StringDeserializer(), avro)) {
            return readSince(consumer, before, end(Topics.EVENTS));
        }
    }

    /** Committed raw records of any topic written after {@code before}. */
    public List<ConsumerRecord<byte[], byte[]>> rawSince(String topic, Map<TopicPartition, Long> before) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return readSince(consumer, before, end(topic));
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> readSince(KafkaConsumer<K, V> consumer,
                                                              Map<TopicPartition, Long> before,
                                                              Map<TopicPartition, Long> after) {
        return TopicReader.readToEnd(consumer, after.keySet(), before, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        admin.close();
    }
}
