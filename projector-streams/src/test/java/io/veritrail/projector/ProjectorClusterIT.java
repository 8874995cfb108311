package io.veritrail.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.projector.replay.ProjectorReset;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.topic.EventKey;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projector instances on a real broker share the partitions of the log; every entity answers the same from
 * either (queries for the other's entities are forwarded); a replay from offset 0 rebuilds the same state.
 */
@RealKafka
class ProjectorClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTITIES = 100;
    private static final int EVENTS_PER_ENTITY = 10;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoInstancesAnswerForEveryEntityAndAReplayRebuildsTheSameState(KafkaBroker broker, SchemaRegistry registry,
                                                                         @TempDir Path dir) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        String applicationId = "cluster-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
            String run = UUID.randomUUID().toString().substring(0, 8);
            produce(broker.bootstrapServers(), registry.url(), run);

            Map<String, JsonNode> before;
            try (ProjectorApp a = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir.resolve("a"), applicationId));
                 ProjectorApp b = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir.resolve("b"), applicationId))) {
                // Both instances: A may fold everything before B has joined, and B answers 503 until the
                // rebalance that takes it in is over.
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    for (int e = 0; e < ENTITIES; e++) {
                        JsonNode fromA = entity(a.port(), run, e);
                        assertThat(fromA.get("version").asLong()).isEqualTo(EVENTS_PER_ENTITY);
                        assertThat(entity(b.port(), run, e)).isEqualTo(fromA);
                    }
                });
                before = new java.util.HashMap<>();
                for (int e = 0; e < ENTITIES; e++) {
                    JsonNode fromA = entity(a.port(), run, e);
                    assertThat(fromA.get("data").get("round").asInt()).isEqualTo(EVENTS_PER_ENTITY - 1);
                    before.put(fromA.get("id").asText(), fromA);
                }
                assertThat(listAll(a.port(), run)).containsExactlyElementsOf(before.keySet().stream().sorted().toList());
                // A snapshot on demand, asked of either instance; time travel answers the same with it.
                for (int e : new int[] {0, 37, 99}) {
                    HttpResponse<String> asked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + b.port() + "/v1/entities/" + id(run, e) + "/snapshots"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
                }
                Thread.sleep(500);
                // Time travel from either instance (forwarded with its query to the owner).
                for (int e : new int[] {0, 37, 99}) {
                    for (int port : new int[] {a.port(), b.port()}) {
                        JsonNode past = JSON.readTree(get(port, "/v1/entities/" + id(run, e) + "?asOf="
                                + Instant.parse("2026-02-01T00:00:00Z").plusSeconds(4 * 1000L + 500)).body());
                        assertThat(past.get("data").get("round").asInt()).isEqualTo(4);
                        assertThat(past.get("version").asLong()).isEqualTo(5);
                        JsonNode third = JSON.readTree(get(port, "/v1/entities/" + id(run, e) + "?version=3").body());
                        assertThat(third.get("data").get("round").asInt()).isEqualTo(2);
                        JsonNode trail = JSON.readTree(get(port, "/v1/entities/" + id(run, e) + "/history?limit=4").body());
                        assertThat(trail.get("events")).hasSize(4);
                        assertThat(trail.get("next").asText()).isEqualTo("4");
                        assertThat(trail.get("events").get(0).get("type").asText()).isEqualTo("create-individual");
                    }
                }
                assertThat(get(a.port(), "/v1/entities/" + id(run, 1) + "?asOf=2025-01-01T00:00:00Z").statusCode())
                        .as("before it existed").isEqualTo(404);
                HttpResponse<String> versionZero = get(a.port(), "/v1/entities/" + id(run, 1) + "?version=0");
                assertThat(versionZero.statusCode()).as("versions count from 1").isEqualTo(400);
                assertThat(versionZero.body()).contains("\"field\":\"version\"").contains("at least 1");
                assertThat(listAll(b.port(), run)).containsExactlyElementsOf(before.keySet().stream().sorted().toList());
            }

            new ProjectorReset(admin, line -> { }).reset(applicationId, dir.resolve("a"), Topics.DEFAULT_PARTITIONS, (short) 1);
            try (ProjectorApp replayed = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir.resolve("a"), applicationId))) {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    for (int e = 0; e < ENTITIES; e++) {
                        assertThat(entity(replayed.port(), run, e)).isEqualTo(before.get(id(run, e)));
                    }
                });
            }
        }
    }

    @Test
    void theOpenApiDocumentListsEveryRouteAndNoOther(KafkaBroker broker, SchemaRegistry registry, @TempDir Path dir)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false),
                    Duration.ofSeconds(30));
        }
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir,
                "openapi-" + UUID.randomUUID()))) {
            OpenApiDocument document = OpenApiDocument.fetch("http://127.0.0.1:" + projector.port());
            assertThat(document.version()).isEqualTo("3.1.0");
            assertThat(document.operations()).containsExactlyInAnyOrderElementsOf(projector.routes());
            assertThat(document.defects()).isEmpty();
        }
    }

    private List<String> listAll(int port, String run) throws Exception {
        List<String> ids = new ArrayList<>();
        String after = id(run, -1).substring(0, run.length() + 1);
        while (true) {
            JsonNode page = JSON.readTree(get(port, "/v1/entities?type=individual&limit=30&after=" + after).body());
            page.get("entities").forEach(e -> {
                if (e.get("id").asText().startsWith(run)) {
                    ids.add(e.get("id").asText());
                }
            });
            if (page.get("next").isNull()) {
                return ids;
            }
            after = page.get("next").asText();
        }
    }

    private static String id(String run, int entity) {
        return run + "-" + String.format("%03d", entity);
    }

    private JsonNode entity(int port, String run, int entity) throws Exception {
        HttpResponse<String> response = get(port, "/v1/entities/" + id(run, entity));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(String bootstrap, String registryUrl, String run) throws Exception {
        try (KafkaProducer<String, EventEnvelope> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true), new StringSerializer(),
                new AvroSerializer<>(new SchemaRegistryClient(RegistryConfig.of(registryUrl))))) {
            Instant t = Instant.parse("2026-02-01T00:00:00Z");
            for (int round = 0; round < EVENTS_PER_ENTITY; round++) {
                for (int e = 0; e < ENTITIES; e++) {
                    String entity = id(run, e);
                    String guid = UUID.randomUUID().toString();
                    EventEnvelope event = EventEnvelope.newBuilder().setGuid(guid).setEntityGuid(entity)
                            .setType(round == 0 ? "create-individual" : "update-individual")
                            .setData("{\"round\":" + round + ",\"name\":\"n" + e + "\"}")
                            .setTimestamp(t.plusSeconds(round * 1000L + e)).setUserId("it").setSyncLevel(SyncLevel.LOCAL)
                            .setArrivalTime(t).build();
                    producer.send(new ProducerRecord<>(Topics.EVENTS,
                            EntityPartitioning.partitionFor(entity, Topics.DEFAULT_PARTITIONS),
                            new EventKey(entity, guid).text(), event));
                }
            }
            producer.flush();
        }
    }
}
