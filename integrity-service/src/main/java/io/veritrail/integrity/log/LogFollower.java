package io.veritrail.integrity.log;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.TopicPartitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.integrity.checkpoint.CheckpointPublisher;
import io.veritrail.integrity.store.IntegrityStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the log, committed records only, and appends each record's value bytes, exactly as
 * stored, to that partition's tree. After each poll the new tiles, offsets, guid index entries and positions go
 * to the store in one atomic write; it resumes from there after a restart or a kill. No consumer group: this
 * service owns all partitions, and its position lives in its store, beside the hashes it describes.
 */
public final class LogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);

    private final String topic;
    private final IntegrityStore store;
    private final CheckpointPublisher checkpoints;
    private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private final Map<Integer, PartitionTree> trees = new TreeMap<>();
    /** The same trees indexed by partition number, for the per-record lookup (Kafka numbers partitions from 0). */
    private final PartitionTree[] treeOf;
    private final Map<Integer, CommittedTree> heads = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Counter leaves;
    private final Thread thread;

    public LogFollower(String bootstrapServers, String topic, IntegrityStore store, CheckpointPublisher checkpoints,
                       MeterRegistry metrics) {
        this.topic = topic;
        this.store = store;
        this.checkpoints = checkpoints;
        this.consumer = new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // What is in flight between the threads is what every young collection copies: with 5,000 records a
                // poll and 4 MiB fetched ahead per partition, 22 MB survived each collection and the pauses were 16-30
                // ms (measured). 2,000 records and Kafka's default fetch size halved the collections.
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024,
                ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-integrity")),
                new ByteBufferDeserializer(), new ByteBufferDeserializer());
        this.leaves = Counter.builder("veritrail.integrity.leaves").description("records hashed into the trees")
                .register(metrics);
        List<TopicPartition> partitions = TopicPartitions.of(consumer, topic);
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            int p = tp.partition();
            PartitionTree tree = PartitionTree.resume(topic, p, store);
            trees.put(p, tree);
            heads.put(p, tree.committed());
            consumer.seek(tp, tree.nextOffset());
            String tag = Integer.toString(p);
            Gauge.builder("veritrail.integrity.tree.size", heads, h -> h.get(p).size())
                    .description("leaves in the partition's tree").tag("partition", tag).register(metrics);
            Gauge.builder("veritrail.integrity.tree.depth", heads, h -> depth(h.get(p).size()))
                    .description("levels above the leaves").tag("partition", tag).register(metrics);
            Gauge.builder("veritrail.integrity.checkpoint.age.seconds", checkpoints,
                            c -> c.ageMillis(p, System.currentTimeMillis()) / 1000.0)
                    .description("seconds since the last published checkpoint (-0.001: none yet)")
                    .tag("partition", tag).register(metrics);
            if (tree.size() > 0) {
                log.info("{}-{}: resuming at offset {} with {} leaves", topic, p, tree.nextOffset(), tree.size());
            }
        }
        this.treeOf = new PartitionTree[partitions.isEmpty() ? 0 : partitions.getLast().partition() + 1];
        trees.forEach((partition, tree) -> treeOf[partition] = tree);
        this.thread = new Thread(this::run, "integrity-log-follower");
    }

    static int depth(long size) {
        return size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1);
    }

    public LogFollower start() {
        thread.start();
        return this;
    }

    /**
     * Three threads, each handing its work to the next through a short queue: the polling thread only fetches, the
     * hashing thread computes leaf hashes and guid keys ({@link HashedPoll}), the writing thread appends them to
     * the trees, writes the store and publishes checkpoints. On two cores the three overlap instead of taking turns.
     */
    private void run() {
        BlockingQueue<Polled> polled = new ArrayBlockingQueue<>(2);
        BlockingQueue<HashedPoll> hashed = new ArrayBlockingQueue<>(2);
        List<Thread> stages = List.of(
                stage("integrity-hasher", () -> {
                    Polled next = polled.take();
                    hashed.put(HashedPoll.of(next.records(), next.positions()));
                }),
                stage("integrity-writer", () -> write(hashed.take())));
        stages.forEach(Thread::start);
        try {
            while (running.get()) {
                ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(500));
                Map<Integer, Long> positions = new TreeMap<>();
                for (Integer partition : trees.keySet()) {
                    positions.put(partition, consumer.position(new TopicPartition(topic, partition)));
                }
                Polled next = new Polled(records, positions);
                while (!polled.offer(next, 200, TimeUnit.MILLISECONDS)) {
                    if (!running.get()) {
                        return;
                    }
                    if (!stages.stream().allMatch(Thread::isAlive)) {
                        throw new IllegalStateException("a hashing or writing thread stopped");
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("integrity follower stopped", e);
            throw e;
        } finally {
            running.set(false);
            for (Thread stage : stages) {
                stage.interrupt();
                try {
                    stage.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            consumer.close();
        }
    }

    /** One poll's records and the consumer's positions after it. */
    private record Polled(ConsumerRecords<ByteBuffer, ByteBuffer> records, Map<Integer, Long> positions) {
    }

    /** One step of a stage's loop; blocking on its queue is where a stop interrupts it. */
    @FunctionalInterface
    private interface Step {
        void run() throws InterruptedException;
    }

    private Thread stage(String name, Step step) {
        return new Thread(() -> {
            try {
                while (running.get()) {
                    step.run();
                }
            } catch (InterruptedException e) {
                // Stopping: what was not written is read again from the stored position at the next start.
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("{} stopped", name, e);
                running.set(false);
                consumer.wakeup();
            }
        }, name);
    }

    private void write(HashedPoll poll) {
        try (IntegrityStore.Commit commit = store.newCommit()) {
            for (int i = 0; i < poll.count(); i++) {
                treeOf[poll.partitions()[i]].appendLeafHash(poll.offsets()[i], poll.leafHashes()[i]);
                if (poll.guidKeys()[i] != null) {
                    commit.guid(poll.guidKeys()[i], poll.partitions()[i], poll.offsets()[i]);
                }
            }
            boolean changed = false;
            for (Map.Entry<Integer, PartitionTree> entry : trees.entrySet()) {
                entry.getValue().advanceTo(poll.positions().get(entry.getKey()));
                changed |= entry.getValue().writeTo(commit);
            }
            if (changed) {
                commit.apply();
            }
        }
        leaves.increment(poll.count());
        long now = System.currentTimeMillis();
        trees.forEach((partition, tree) -> {
            CommittedTree committed = tree.committed();
            heads.put(partition, committed);
            checkpoints.maybePublish(partition, committed.size(), committed::root, now);
        });
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** The latest committed tree head of every partition, by partition number. */
    public List<TreeHead> heads() {
        return heads.values().stream().sorted(Comparator.comparingInt(CommittedTree::partition))
                .map(CommittedTree::head).toList();
    }

    /** Leaves in all the trees as committed: {@link #heads()} without computing a root. */
    public long leaves() {
        return heads.values().stream().mapToLong(CommittedTree::size).sum();
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
