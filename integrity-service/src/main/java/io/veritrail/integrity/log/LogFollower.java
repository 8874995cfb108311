package io.veritrail.integrity.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the log from the start, committed records only, and appends each record's value
 * bytes, exactly as stored, to that partition's tree. No consumer group: this service owns all partitions.
 */
public final class LogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, PartitionTree> trees = new HashMap<>();
    private final Map<Integer, TreeHead> heads = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Counter leaves;
    private final Thread thread;

    public LogFollower(String bootstrapServers, String topic, MeterRegistry metrics) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-integrity"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.leaves = Counter.builder("veritrail.integrity.leaves").description("records hashed into the trees")
                .register(metrics);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        for (TopicPartition tp : partitions) {
            PartitionTree tree = new PartitionTree(topic, tp.partition());
            trees.put(tp.partition(), tree);
            heads.put(tp.partition(), tree.head());
            Gauge.builder("veritrail.integrity.tree.size", heads, h -> h.get(tp.partition()).treeSize())
                    .tag("partition", Integer.toString(tp.partition())).register(metrics);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "integrity-log-follower");
    }

    public LogFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    byte[] value = record.value() == null ? new byte[0] : record.value();
                    if (record.value() == null) {
                        log.warn("{}-{}@{} has no value; hashed as empty bytes", topic, record.partition(), record.offset());
                    }
                    trees.get(record.partition()).append(record.offset(), value);
                    leaves.increment();
                }
                trees.forEach((partition, tree) -> heads.put(partition, tree.head()));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("integrity follower stopped", e);
            throw e;
        } finally {
            consumer.close();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** The latest tree head of every partition, by partition number. */
    public List<TreeHead> heads() {
        return heads.values().stream().sorted(Comparator.comparingInt(TreeHead::partition)).toList();
    }

    @Override
    public void close() {
        running.set(false);
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
