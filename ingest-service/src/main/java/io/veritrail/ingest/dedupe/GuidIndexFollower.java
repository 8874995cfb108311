package io.veritrail.ingest.dedupe;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.EventKey;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link GuidIndex} up to date with the committed {@code events} log, whoever wrote to it (this ingest
 * instance, another one, or a writer that took over). Reads keys and headers only; values are never decoded.
 */
public final class GuidIndexFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuidIndexFollower.class);

    private final GuidIndex index;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    /** Requests this instance wrote and already put in the index: their records need no second look. */
    private final Set<String> recordedHere = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            }));
    private final Thread thread;
    private volatile boolean running = true;
    /** Set while this instance holds the writer id: nobody else can write, so there is nothing new to read. */
    private volatile boolean holding;
    private volatile RuntimeException failure;

    public GuidIndexFollower(String bootstrapServers, GuidIndex index) {
        this.index = index;
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-ingest-guid-index");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions;
        try {
            partitions = TopicPartitions.of(consumer, Topics.EVENTS);
        } catch (IllegalStateException e) {
            consumer.close();
            throw e;
        }
        consumer.assign(partitions);
        Map<Integer, Long> stored = index.positions();
        for (TopicPartition partition : partitions) {
            long next = stored.getOrDefault(partition.partition(), 0L);
            consumer.seek(partition, next);
            positions.put(partition.partition(), next);
        }
        log.info("guid index resumes the events log at {}", stored.isEmpty() ? "the beginning" : stored);
        this.thread = new Thread(this::run, "ingest-guid-index");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                if (holding != consumer.paused().containsAll(consumer.assignment())) {
                    if (holding) {
                        consumer.pause(consumer.assignment());
                    } else {
                        skipWhatTheWriterIndexed();
                        consumer.resume(consumer.assignment());
                    }
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(holding ? 50 : 200));
                if (holding) {
                    continue;
                }
                List<GuidIndex.Placed> writes = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                Map<Integer, Long> reached = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    String token = header(record, ContentFingerprint.REQUEST_HEADER);
                    if (record.key() == null || recordedHere.contains(token)) {
                        continue;
                    }
                    String guid = EventKey.parse(record.key()).guid();
                    // A guid seen before keeps its first place: a later copy (a writer outside ingest) is not the
                    // original.
                    if (seen.add(guid)) {
                        GuidIndex.Entry entry = GuidIndex.entry(guid, header(record, ContentFingerprint.HEADER), token);
                        if (index.find(entry).isEmpty()) {
                            writes.add(new GuidIndex.Placed(entry, record.partition(), record.offset()));
                        }
                    }
                }
                for (TopicPartition partition : consumer.assignment()) {
                    // position() also moves past transaction markers, which poll() never returns.
                    reached.put(partition.partition(), consumer.position(partition));
                }
                index.record(writes, reached);
                positions.putAll(reached);
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("the guid index stopped following the events log; writes will be refused", e);
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** While this instance held the writer id, its writer moved the index past its own records. */
    private void skipWhatTheWriterIndexed() {
        Map<Integer, Long> indexed = index.positions();
        for (TopicPartition partition : consumer.assignment()) {
            long next = indexed.getOrDefault(partition.partition(), 0L);
            if (next > consumer.position(partition)) {
                consumer.seek(partition, next);
                positions.put(partition.partition(), next);
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.US_ASCII);
    }

    /** Why the index stopped following the log, if it did: then every write is refused until a restart. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The writer of this instance put these requests' guids in the index itself. */
    public void recordedHere(String requestToken) {
        recordedHere.add(requestToken);
    }

    /**
     * The writer of this instance holds the writer id: every new record is its own and already indexed, so reading
     * them back would only cost CPU on both sides. The writer moves the index's positions past each transaction it
     * commits; when this instance lets go of the id, reading resumes from there.
     */
    public void holdingWriterId(boolean holding) {
        this.holding = holding;
    }

    /** Blocks until the index has read every partition up to the given offsets (and follows the log meanwhile). */
    public void awaitCaughtUp(Map<Integer, Long> targets, Duration timeout) throws TimeoutException {
        holding = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(targets)) {
            if (failure != null) {
                throw new IllegalStateException("the guid index is not following the log", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the guid index did not reach " + targets + " within " + timeout
                        + " (it is at " + positions + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }

    private boolean caughtUp(Map<Integer, Long> targets) {
        return targets.entrySet().stream().allMatch(t -> positions.getOrDefault(t.getKey(), 0L) >= t.getValue());
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stopPolling(consumer, thread);
    }
}
