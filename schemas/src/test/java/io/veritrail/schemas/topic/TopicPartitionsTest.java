package io.veritrail.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Unit level: a MockConsumer stands for the cluster's metadata. */
class TopicPartitionsTest {
    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    @Test
    void aTopicsPartitionsComeInPartitionOrder() {
        consumer.updatePartitions(Topics.EVENTS, List.of(info(2), info(0), info(1)));
        assertThat(TopicPartitions.of(consumer, Topics.EVENTS)).containsExactly(new TopicPartition(Topics.EVENTS, 0),
                new TopicPartition(Topics.EVENTS, 1), new TopicPartition(Topics.EVENTS, 2));
    }

    @Test
    void aMissingTopicIsAnErrorThatSaysHowToCreateIt() {
        consumer.updatePartitions(Topics.EVENTS, List.of(info(0)));
        assertThatThrownBy(() -> TopicPartitions.of(consumer, Topics.ENTITY_KEYS))
                .hasMessageContaining("the topic entity-keys does not exist")
                .hasMessageContaining("./veritrail topics");
    }

    private static PartitionInfo info(int partition) {
        return new PartitionInfo(Topics.EVENTS, partition, null, null, null);
    }
}
