package io.veritrail.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.support.EventsLog;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroDeserializer;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.OpenApiDocument;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@RealKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Admin admin;
    private TopicProvisioner topics;
    private IngestApp ingest;
    private String base;
    private String registryUrl;

    @BeforeAll
    void start(KafkaBroker broker, SchemaRegistry registry) {
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        topics = new TopicProvisioner(admin);
        topics.ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        registryUrl = registry.url();
        ingest = IngestApp.start(IngestConfig.defaults(new ClusterSettings(broker.bootstrapServers(), registry.url()), 0));
        base = "http://127.0.0.1:" + ingest.port();
    }

    @AfterAll
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
        admin.close();
    }

    @Test
    void theOpenApiDocumentListsEveryRouteAndNoOther() throws Exception {
        OpenApiDocument document = OpenApiDocument.fetch(base);
        assertThat(document.version()).isEqualTo("3.1.0");
        assertThat(document.operations()).containsExactlyInAnyOrderElementsOf(ingest.routes());
        assertThat(document.defects()).isEmpty();
    }

    static String event(String guid, String entity) {
        return """
                {"guid":"%s","entityGuid":"%s","type":"create-individual","data":{"name":"Ada","age":36},
                 "timestamp":"2026-01-31T09:30:00Z","userId":"collector-7","syncLevel":"REMOTE",
                 "metadata":{"deviceId":"tab-3"}}""".formatted(guid, entity);
    }

    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptedEventIsInTheLogOnItsEntityPartitionAsAvro() throws Exception {
        String guid = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/v1/events", event(guid, "person-accepted").getBytes());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("topic").asText()).isEqualTo(Topics.EVENTS);
        int partition = answer.get("partition").asInt();
        assertThat(partition).isEqualTo(EntityPartitioning.partitionFor("person-accepted", Topics.DEFAULT_PARTITIONS));

        AvroDeserializer<EventEnvelope> avro = new AvroDeserializer<>(
                new SchemaRegistryClient(RegistryConfig.of(registryUrl)), EventEnvelope.class);
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap(),
                        "isolation.level", "read_committed"), new StringDeserializer(), avro)) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, answer.get("offset").asLong());
            ConsumerRecord<String, EventEnvelope> record = consumer.poll(Duration.ofSeconds(10)).records(tp).getFirst();
            assertThat(record.key()).isEqualTo("person-accepted/" + guid);
            EventEnvelope stored = record.value();
            assertThat(stored.getGuid()).isEqualTo(guid);
            assertThat(stored.getData()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
            assertThat(stored.getTimestamp()).isEqualTo(Instant.parse("2026-01-31T09:30:00Z"));
            assertThat(stored.getSyncLevel()).isEqualTo(SyncLevel.REMOTE);
            assertThat(stored.getMetadata()).containsEntry("deviceId", "tab-3");
            assertThat(stored.getArrivalTime()).isAfter(Instant.now().minusSeconds(60));
        }
    }

    private String bootstrap() throws Exception {
        return admin.describeCluster().nodes().get().stream()
                .map(n -> n.host() + ":" + n.port()).findFirst().orElseThrow();
    }

    static Stream<Arguments> badRequests() {
        String missingEntity = event(UUID.randomUUID().toString(), "x").replace("\"entityGuid\":\"x\",", "");
        byte[] huge = ("{\"guid\":\"" + UUID.randomUUID() + "\",\"data\":{\"blob\":\"" + "a".repeat(2 * 1024 * 1024)
                + "\"}}").getBytes();
        return Stream.of(
                Arguments.of("empty body", new byte[0], 400, "empty-body", null),
                Arguments.of("invalid JSON", "{\"guid\": ".getBytes(), 400, "invalid-json", null),
                Arguments.of("missing entityGuid", missingEntity.getBytes(), 400, "invalid-event", "/entityGuid"),
                Arguments.of("2 MiB body", huge, 413, "content-too-large", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsAProblemAndNothingReachesTheLog(String name, byte[] body, int status, String type, String field)
            throws Exception {
        Map<TopicPartition, Long> before = topics.endOffsets(Topics.EVENTS);

        HttpResponse<String> response = post("/v1/events", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).endsWith("/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
        }
        assertThat(topics.endOffsets(Topics.EVENTS)).isEqualTo(before);
    }

    @Test
    void batchWritesItsGoodItemsInOneTransactionAndNamesTheBadOnes() throws Exception {
        Map<TopicPartition, Long> before = topics.endOffsets(Topics.EVENTS);
        String good1 = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        String bad = UUID.randomUUID().toString();
        String batch = "[" + event(good1, "batch-a") + ","
                + event(bad, "batch-b").replace("\"2026-01-31T09:30:00Z\"", "\"last tuesday\"") + ","
                + event(good2, "batch-c") + "]";

        HttpResponse<String> response = post("/v1/events/batch", batch.getBytes());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        JsonNode results = answer.get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).get("guid").asText()).isEqualTo(bad);
        assertThat(results.get(1).get("errors").findValuesAsText("field")).containsExactly("/timestamp");
        assertThat(results.get(2).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(2).get("guid").asText()).isEqualTo(good2);

        assertThat(committedGuidsSince(before)).containsExactlyInAnyOrder(good1, good2);
    }

    @Test
    void malformedBatchesAreProblems() throws Exception {
        HttpResponse<String> notArray = post("/v1/events/batch", event(UUID.randomUUID().toString(), "x").getBytes());
        assertThat(notArray.statusCode()).isEqualTo(400);
        assertThat(notArray.body()).contains("invalid-batch");
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(IngestConfig.DEFAULT_MAX_BATCH_ITEMS + 1, "{}")) + "]";
        assertThat(post("/v1/events/batch", tooMany.getBytes()).statusCode()).isEqualTo(413);
        assertThat(post("/v1/events/batch", "[]".getBytes()).statusCode()).isEqualTo(400);
    }

    /** Guids of the events committed to the log after the given end offsets. */
    private List<String> committedGuidsSince(Map<TopicPartition, Long> before) throws Exception {
        try (EventsLog log = new EventsLog(bootstrap(), registryUrl)) {
            return log.eventsSince(before).stream().map(r -> r.value().getGuid()).toList();
        }
    }

    @Test
    void offlineClientsPageThroughTheLogWithACursor() throws Exception {
        List<String> posted = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String guid = UUID.randomUUID().toString();
            posted.add(guid);
            assertThat(post("/v1/events", event(guid, "sync-" + i).getBytes()).statusCode()).isEqualTo(202);
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = "";
        boolean caughtUp = false;
        // Small pages first (the limit holds), then big ones: other tests of this JVM share the log.
        for (int page = 0; page < 500 && !caughtUp; page++) {
            int limit = page < 5 ? 3 : 1000;
            JsonNode answer = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/events?limit="
                    + limit + "&since=" + cursor)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(answer.get("events").size()).isLessThanOrEqualTo(limit);
            answer.get("events").forEach(e -> seen.add(e.get("guid").asText()));
            cursor = answer.get("next").asText();
            caughtUp = answer.get("caughtUp").asBoolean();
        }
        assertThat(caughtUp).isTrue();
        assertThat(seen).containsAll(posted).doesNotHaveDuplicates();
        JsonNode empty = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/events?since=" + cursor))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(empty.get("events")).isEmpty();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/events?since=garbage!")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        post("/v1/events", new byte[0]);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("veritrail_ingest_events_total").contains("jvm_memory_used_bytes");
    }
}
