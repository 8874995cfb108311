package io.veritrail.integrity.checkpoint;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.integrity.store.IntegrityStore;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.concurrent.BackgroundThread;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of each partition's tree and publishes them to {@code merkle-checkpoints} (key: the log
 * partition), keeping the latest per partition in the store. Origins are {@code <origin>/<topic>/<partition>}.
 */
public final class CheckpointPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final String origin;
    private final String topic;
    private final NoteSigner signer;
    private final CheckpointPolicy policy;
    private final IntegrityStore store;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<Integer, long[]> last = new ConcurrentHashMap<>();
    private final BackgroundThread signing = new BackgroundThread("integrity-checkpoint-signer");

    public CheckpointPublisher(String bootstrapServers, String origin, String topic, NoteSigner signer,
                               CheckpointPolicy policy, IntegrityStore store) {
        this.origin = origin;
        this.topic = topic;
        this.signer = signer;
        this.policy = policy;
        this.store = store;
        this.producer = new KafkaProducer<>(KafkaClients.config(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "veritrail-integrity-checkpoints")),
                new StringSerializer(), new ByteArraySerializer());
    }

    public String origin(int partition) {
        return origin + "/" + topic + "/" + partition;
    }

    public String verifierKey() {
        return signer.verifierKey();
    }

    /** A note for any tree state the service computed; used for proofs against sizes between checkpoints. */
    public String sign(int partition, long size, byte[] root) {
        return signer.sign(new Checkpoint(origin(partition), size, root));
    }

    /**
     * Publishes a checkpoint if the policy says one is due; answers whether one was. The signing, sending and
     * storing happen on a thread of their own, in order: an Ed25519 signature in the JDK costs milliseconds, which
     * the log follower's writing thread spent in line with every poll (a sixth of its time, measured). The root is
     * asked for only when a checkpoint is due, on that thread: {@code root} must give the root of the tree of
     * {@code size} leaves whichever thread asks, and whenever.
     */
    public boolean maybePublish(int partition, long size, Supplier<byte[]> root, long nowMillis) {
        long[] previous = last.computeIfAbsent(partition, p -> store.checkpoint(p)
                .map(note -> new long[] {Checkpoint.parse(note).treeSize(), 0})
                .orElse(new long[] {0, 0}));
        if (!policy.due(size, previous[0], previous[1], nowMillis)) {
            return false;
        }
        last.put(partition, new long[] {size, nowMillis});
        signing.execute(() -> publish(partition, size, root.get()));
        return true;
    }

    private void publish(int partition, long size, byte[] root) {
        try {
            String note = sign(partition, size, root);
            // Sent without waiting: a checkpoint that fails to publish is logged; the next one covers the same
            // leaves and more.
            producer.send(new ProducerRecord<>(Topics.MERKLE_CHECKPOINTS, Integer.toString(partition),
                    note.getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                        if (error != null) {
                            log.warn("checkpoint of partition {} at size {} not published: {}", partition, size,
                                    error.getMessage());
                        }
                    });
            try (IntegrityStore.Commit commit = store.newCommit()) {
                commit.checkpoint(partition, note).apply();
            }
        } catch (RuntimeException e) {
            log.error("checkpoint of partition {} at size {} not made", partition, size, e);
        }
    }

    /** Milliseconds since the last checkpoint this process published for a partition, or -1 if none. */
    public long ageMillis(int partition, long nowMillis) {
        long[] previous = last.get(partition);
        return previous == null || previous[1] == 0 ? -1 : nowMillis - previous[1];
    }

    @Override
    public void close() {
        if (!signing.finish(Duration.ofSeconds(30))) {
            log.warn("checkpoints still being signed at close; the next start publishes from the stored trees");
        }
        producer.close();
    }
}
