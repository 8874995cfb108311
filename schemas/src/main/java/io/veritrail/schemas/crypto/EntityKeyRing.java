package io.veritrail.schemas.crypto;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import javax.crypto.SecretKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every entity's data key, unwrapped in memory, as the committed {@code entity-keys} topic says; or the fact that
 * it was destroyed. Follows the topic on its own thread from the beginning, so every instance of every service
 * knows the same keys; a service that creates or destroys a key also tells its own ring at once.
 */
public final class EntityKeyRing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EntityKeyRing.class);

    /** What the ring knows of one entity's key. */
    public sealed interface KeyState {
        record Active(SecretKey key) implements KeyState {
        }

        record Erased() implements KeyState {
        }

        /** A key record this service cannot open (wrapped by a master key it does not have, or damaged). */
        record Unusable(String reason) implements KeyState {
        }
    }

    private final MasterKeys masters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final List<TopicPartition> partitions;
    private final Thread thread;
    private volatile boolean running = true;

    public EntityKeyRing(String bootstrapServers, MasterKeys masters, String clientId) {
        this.masters = masters;
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.partitions = TopicPartitions.of(consumer, Topics.ENTITY_KEYS);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.value() != null) {
                        try {
                            learn(record.key(), EntityKeyRecord.parse(record.value()));
                        } catch (RuntimeException e) {
                            // One key this service cannot open (another master key, a damaged record) must not stop
                            // it from learning every other entity's key; that entity's data stays unreadable here.
                            log.error("cannot use the data key of {} ({}/{}): {}", record.key(), record.partition(),
                                    record.offset(), e.getMessage());
                            keys.putIfAbsent(record.key(), new KeyState.Unusable(e.getMessage()));
                        }
                    }
                }
                partitions.forEach(p -> positions.put(p.partition(), consumer.position(p)));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("stopped following {}; data of new entities cannot be read until restart", Topics.ENTITY_KEYS, e);
        } finally {
            consumer.close();
        }
    }

    private void learn(String entityId, EntityKeyRecord record) {
        switch (record) {
            case EntityKeyRecord.Erased erased -> keys.put(entityId, new KeyState.Erased());
            case EntityKeyRecord.Wrapped wrapped -> keys.compute(entityId, (id, known) ->
                    // An erasure is final: a key record read after it (a replay) never brings the key back.
                    known instanceof KeyState.Erased || known instanceof KeyState.Active ? known
                            : new KeyState.Active(masters.unwrap(id, wrapped.key())));
        }
    }

    public Optional<KeyState> find(String entityId) {
        return Optional.ofNullable(keys.get(entityId));
    }

    /** This service wrote the key record itself (in a transaction that has committed). */
    public void created(MasterKeys.EntityKey key) {
        keys.putIfAbsent(key.entityId(), new KeyState.Active(key.dataKey()));
    }

    /** This service destroyed the key: forget it now rather than when the marker comes back from the topic. */
    public void erased(String entityId) {
        keys.put(entityId, new KeyState.Erased());
    }

    public MasterKeys masters() {
        return masters;
    }

    /** Waits until what the ring knows includes everything committed to the topic up to now. */
    public void awaitCaughtUp(Map<TopicPartition, Long> ends, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey().partition(), 0L) < e.getValue())) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new TimeoutException("the key ring did not reach " + ends + " (at " + positions + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }

    /**
     * The entity's key state, waiting up to {@code timeout} for it to arrive: a key is committed together with the
     * first event that needs it, so a reader of that event finds it as soon as this ring has caught up.
     */
    public Optional<KeyState> await(String entityId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        KeyState state;
        while ((state = keys.get(entityId)) == null && System.nanoTime() < deadline && thread.isAlive()) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.ofNullable(state);
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stopPolling(consumer, thread);
    }
}
