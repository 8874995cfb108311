package io.veritrail.ingest.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.publish.DeadLetter;
import io.veritrail.ingest.support.EventsLog;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Third-party records on events.inbox: the same checks and dedupe as HTTP, exactly once into events or events.dlq. */
@RealKafka
class InboxGateIT {

    static String json(String guid, String entity, String type, String name) {
        return """
                {"guid":"%s","entityGuid":"%s","type":"%s","data":{"name":"%s"},
                 "timestamp":"2026-02-01T10:00:00Z","userId":"partner-system","metadata":{"source":"partner"}}"""
                .formatted(guid, entity, type, name);
    }

    @Test
    void goodRecordsReachTheLogBadOnesTheDeadLetterTopicEachExactlyOnce(KafkaBroker broker, SchemaRegistry registry)
            throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (EventsLog log = new EventsLog(broker.bootstrapServers(), registry.url());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, Long> eventsBefore = log.end(Topics.EVENTS);
            Map<TopicPartition, Long> dlqBefore = log.end(Topics.EVENTS_DLQ);
            String goodJson = UUID.randomUUID().toString();
            String goodAvro = UUID.randomUUID().toString();
            String unknownType = UUID.randomUUID().toString();

            EventEnvelope envelope = EventEnvelope.newBuilder().setGuid(goodAvro).setEntityGuid("inbox-avro")
                    .setType("create-individual").setData("{\"name\":\"Avro\"}")
                    .setTimestamp(Instant.parse("2026-02-01T10:00:00Z")).setUserId("partner-system")
                    .setSyncLevel(SyncLevel.EXTERNAL).setSchemaVersion(1).setMetadata(Map.of())
                    .setArrivalTime(Instant.EPOCH).build();
            byte[] avro = new AvroSerializer<EventEnvelope>(new SchemaRegistryClient(RegistryConfig.of(registry.url())))
                    .serialize(Topics.EVENTS_INBOX, envelope);
            List<byte[]> values = List.of(
                    json(goodJson, "inbox-json", "create-individual", "Json").getBytes(StandardCharsets.UTF_8),
                    "{\"guid\": oops".getBytes(StandardCharsets.UTF_8),
                    json(unknownType, "inbox-x", "no-such-type", "X").getBytes(StandardCharsets.UTF_8),
                    avro,
                    json(goodJson, "inbox-json", "create-individual", "Json").getBytes(StandardCharsets.UTF_8),
                    json(goodJson, "inbox-json", "create-individual", "Other").getBytes(StandardCharsets.UTF_8),
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            produce(broker.bootstrapServers(), values);

            try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
                awaitInboxCommitted(admin, log);
            }

            List<ConsumerRecord<String, EventEnvelope>> events = log.eventsSince(eventsBefore);
            assertThat(events).extracting(r -> r.value().getGuid()).containsExactlyInAnyOrder(goodJson, goodAvro);
            assertThat(events).filteredOn(r -> r.value().getGuid().equals(goodAvro)).singleElement()
                    .satisfies(r -> assertThat(r.value().getSyncLevel()).isEqualTo(SyncLevel.EXTERNAL))
                    .satisfies(r -> assertThat(r.value().getArrivalTime()).isAfter(Instant.EPOCH));

            List<ConsumerRecord<byte[], byte[]>> dead = log.rawSince(Topics.EVENTS_DLQ, dlqBefore);
            assertThat(dead).hasSize(4);
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, DeadLetter.REASON)).isNotBlank();
                assertThat(header(r, "veritrail.source.topic")).isEqualTo(Topics.EVENTS_INBOX);
                assertThat(header(r, "veritrail.source.offset")).isNotBlank();
            });
            assertThat(dead).extracting(r -> header(r, DeadLetter.REASON)).anySatisfy(reason ->
                    assertThat(reason).contains("not valid JSON")).anySatisfy(reason ->
                    assertThat(reason).contains("unknown event type no-such-type")).anySatisfy(reason ->
                    assertThat(reason).contains("guid conflict")).anySatisfy(reason ->
                    assertThat(reason).contains("not valid UTF-8"));
            assertThat(dead).filteredOn(r -> header(r, DeadLetter.REASON).contains("no-such-type")).singleElement()
                    .satisfies(r -> assertThat(header(r, DeadLetter.FIELD)).isEqualTo("/type"))
                    .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(unknownType));

            // A restart finds the inbox offsets committed with the writes: nothing is taken twice.
            Map<TopicPartition, Long> eventsAfter = log.end(Topics.EVENTS);
            Map<TopicPartition, Long> dlqAfter = log.end(Topics.EVENTS_DLQ);
            produce(broker.bootstrapServers(),
                    List.of(json(goodJson, "inbox-json", "create-individual", "Json").getBytes(StandardCharsets.UTF_8)));
            try (IngestApp again = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
                awaitInboxCommitted(admin, log);
            }
            assertThat(log.eventsSince(eventsAfter)).isEmpty();
            assertThat(log.rawSince(Topics.EVENTS_DLQ, dlqAfter)).isEmpty();
        }
    }

    private static void produce(String bootstrap, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            // One partition keeps the order, so "duplicate" and "conflict" come after the original.
            values.forEach(v -> producer.send(new ProducerRecord<>(Topics.EVENTS_INBOX, 0, null, v)));
            producer.flush();
        }
    }

    private static void awaitInboxCommitted(Admin admin, EventsLog log) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(InboxGate.GROUP)
                    .partitionsToOffsetAndMetadata().get();
            return log.end(Topics.EVENTS_INBOX).entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        });
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
