package io.veritrail.ingest.sync;

import io.veritrail.schemas.topic.KafkaClients;
import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroDeserializer;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.json.Json;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Pages through the log for clients that sync (the seed's getEventsSincePagination): committed events only, each
 * partition in offset order, from a cursor of per-partition positions. A consumer per request, with no group:
 * positions live in the client's cursor, not in Kafka.
 */
public final class EventPager {
    private static final Duration READ_FOR = Duration.ofSeconds(10);
    private final String bootstrapServers;
    private final SchemaRegistryClient registry;
    private final DataProtection protection;

    public EventPager(String bootstrapServers, SchemaRegistryClient registry, DataProtection protection) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.protection = protection;
    }

    public SyncPage page(SyncCursor cursor, int limit) {
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, limit,
                ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-ingest-sync",
                // A client waits for a page about as long as the read below may take, not the default minute.
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_FOR.toMillis())),
                new StringDeserializer(), new AvroDeserializer<>(registry, EventEnvelope.class))) {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, Topics.EVENTS);
            consumer.assign(partitions);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            SyncCursor next = cursor;
            for (TopicPartition tp : partitions) {
                long at = Math.max(cursor.position(tp.partition()), beginning.get(tp));
                consumer.seek(tp, at);
                next = next.with(tp.partition(), at);
            }
            List<SyncedEvent> events = new ArrayList<>();
            long deadline = System.currentTimeMillis() + READ_FOR.toMillis();
            while (events.size() < limit && System.currentTimeMillis() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, EventEnvelope> record : consumer.poll(Duration.ofMillis(200))) {
                    if (events.size() < limit && record.offset() >= next.position(record.partition())) {
                        events.add(synced(record));
                        next = next.with(record.partition(), record.offset() + 1);
                    }
                }
                // Partitions read to the end (past transaction markers too) move the cursor with them.
                for (TopicPartition tp : partitions) {
                    if (events.size() < limit && consumer.position(tp) >= end.get(tp)) {
                        next = next.with(tp.partition(), Math.max(next.position(tp.partition()), end.get(tp)));
                    }
                }
            }
            SyncCursor reached = next;
            boolean caughtUp = partitions.stream().allMatch(tp -> reached.position(tp.partition()) >= end.get(tp));
            return new SyncPage(events, next.encode(), caughtUp);
        }
    }

    /**
     * Encrypted data is opened for the client when this service holds the keys; data of an erased entity stays
     * out ({@code data} null, {@code erased} true); without keys the ciphertext is passed on as base64.
     */
    private SyncedEvent synced(ConsumerRecord<String, EventEnvelope> record) {
        EventEnvelope e = record.value();
        JsonNode data = null;
        String encrypted = null;
        boolean erased = false;
        if (e.getData() instanceof CharSequence text) {
            try {
                data = Json.mapper().readTree(text.toString());
            } catch (Exception unreadable) {
                data = Json.mapper().getNodeFactory().textNode(text.toString());
            }
        } else if (e.getData() instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            if (!protection.enabled()) {
                encrypted = Base64.getEncoder().encodeToString(copy);
            } else if (protection.isErased(e.getEntityGuid())) {
                erased = true;
            } else {
                try {
                    data = Json.mapper().readTree(protection.openEvent(e.getEntityGuid(), copy));
                } catch (java.io.IOException | RuntimeException unreadable) {
                    encrypted = Base64.getEncoder().encodeToString(copy);
                }
            }
        }
        return new SyncedEvent(e.getGuid(), e.getEntityGuid(), e.getType(), data, encrypted, erased, e.getTimestamp(),
                e.getUserId(), e.getSyncLevel().name(), e.getSchemaVersion(), Map.copyOf(e.getMetadata()),
                e.getArrivalTime(), record.partition(), record.offset());
    }
}
