package io.veritrail.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a test reads back from Kafka: partitions from given offsets up to their ends as the consumer sees them when
 * the read starts. Not reaching the ends in time fails, saying so, rather than answering a shorter list, which a
 * test would report as events missing that were never read.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /** @param from where to start, per partition; a partition not in it is read from its beginning */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(Consumer<K, V> consumer,
                                                             Collection<TopicPartition> partitions,
                                                             Map<TopicPartition, Long> from, Duration within) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions.stream().filter(tp -> !from.containsKey(tp)).toList());
        partitions.stream().filter(from::containsKey).forEach(tp -> consumer.seek(tp, from.get(tp)));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partitions not read to their ends " + ends + " within " + within
                        + "; " + records.size() + " records read");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
