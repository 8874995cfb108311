package io.veritrail.schemas.topic;

import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The partitions of one of Veritrail's topics, as a consumer sees them, in partition order. A consumer answers an
 * empty list for a topic that does not exist; followed as it is, that list would be a service reading nothing
 * and saying nothing, so here it is an error that says how to create the topics.
 */
public final class TopicPartitions {
    private TopicPartitions() {
    }

    /**
     * Fails, naming the first topic missing, unless every one exists: what a service that reads and writes them
     * through a framework (Kafka Streams, a producer that would wait a minute for metadata) checks at its start.
     */
    public static void requireExisting(String bootstrapServers, List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.config(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            topics.forEach(topic -> of(consumer, topic));
        }
    }

    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> found = consumer.partitionsFor(topic);
        if (found == null || found.isEmpty()) {
            throw new IllegalStateException("the topic " + topic + " does not exist: create Veritrail's topics "
                    + "first, with './veritrail topics --kafka <bootstrap servers>' (README, 'Topics on your own "
                    + "cluster')");
        }
        return found.stream().map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }
}
