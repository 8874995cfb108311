package io.veritrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.integrity.IntegrityApp;
import io.veritrail.integrity.IntegrityConfig;
import io.veritrail.projector.ProjectorApp;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a real broker and registry: an event posted to ingest is folded and hashed. */
@RealKafka
class PipelineEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void createThenUpdateIsReadableAtVersionTwoAndCountedInTheMerkleTree(KafkaBroker broker, SchemaRegistry registry,
                                                                         @TempDir Path stateDir) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0));
             ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, stateDir.resolve("projector"), "e2e-projector"));
             IntegrityApp integrity = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, stateDir.resolve("integrity")))) {
            String entity = "person-" + UUID.randomUUID();
            JsonNode created = post(ingest.port(), """
                    {"guid":"%s","entityGuid":"%s","type":"create-individual","data":{"name":"Amina","village":"Kayes"},
                     "timestamp":"2026-11-20T09:15:00Z","userId":"collector-7","syncLevel":"REMOTE"}"""
                    .formatted(UUID.randomUUID(), entity));
            String updateGuid = UUID.randomUUID().toString();
            JsonNode updated = post(ingest.port(), """
                    {"guid":"%s","entityGuid":"%s","type":"update-individual","data":{"village":"Bamako"},
                     "timestamp":"2026-11-21T14:02:00Z","userId":"collector-7"}""".formatted(updateGuid, entity));
            int partition = created.get("partition").asInt();
            assertThat(updated.get("partition").asInt()).isEqualTo(partition);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> response = get(projector.port(), "/v1/entities/" + entity);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode doc = JSON.readTree(response.body());
                assertThat(doc.get("version").asLong()).isEqualTo(2);
                assertThat(doc.get("data")).isEqualTo(JSON.readTree("{\"name\":\"Amina\",\"village\":\"Bamako\"}"));
                assertThat(doc.get("lastEventGuid").asText()).isEqualTo(updateGuid);
            });

            // Other tests of this JVM share the broker: the partition may hold their records before ours.
            List<byte[]> values = rawValues(broker.bootstrapServers(), partition);
            assertThat(values).hasSizeGreaterThanOrEqualTo(2);
            assertThat(new String(values.getLast())).contains(updateGuid);
            String expectedRoot = HexFormat.of().formatHex(rfc6962Root(values));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode roots = JSON.readTree(get(integrity.port(), "/v1/roots").body());
                JsonNode head = roots.get(partition);
                assertThat(head.get("partition").asInt()).isEqualTo(partition);
                assertThat(head.get("treeSize").asLong()).as("both events are leaves").isEqualTo(values.size());
                assertThat(head.get("rootHash").asText()).isEqualTo(expectedRoot);
            });
        }
    }

    @Test
    void groupsListMembersThatExistAndMembersKnowTheirGroups(KafkaBroker broker, SchemaRegistry registry,
                                                              @TempDir Path stateDir) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, stateDir, "membership-e2e"));
             IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0)
                     .withProjector("http://127.0.0.1:" + projector.port()))) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String group = run + "-household";
            String person = run + "-amina";
            post(ingest.port(), event(group, "create-group", "{\"name\":\"Household 7\"}"));
            // Until the projector serves queries, ingest cannot check a member and answers 503 (retry), as it should.
            await().atMost(Duration.ofSeconds(60)).until(() -> get(projector.port(), "/health").statusCode() == 200);

            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port()
                    + "/v1/events")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    event(group, "add-member", "{\"memberGuid\":\"" + person + "\"}"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
            assertThat(JSON.readTree(unknown.body()).get("errors").findValuesAsText("field")).contains("/data/memberGuid");

            post(ingest.port(), event(person, "create-individual", "{\"name\":\"Amina\"}"));
            await().atMost(Duration.ofSeconds(60)).until(() -> get(projector.port(), "/v1/entities/" + person).statusCode() == 200);
            post(ingest.port(), event(group, "add-member", "{\"memberGuid\":\"" + person + "\"}"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode household = JSON.readTree(get(projector.port(), "/v1/entities/" + group).body());
                assertThat(household.get("members").toString()).isEqualTo("[\"" + person + "\"]");
                JsonNode amina = JSON.readTree(get(projector.port(), "/v1/entities/" + person).body());
                assertThat(amina.get("groups").toString()).isEqualTo("[\"" + group + "\"]");
            });
        }
    }

    private static String event(String entity, String type, String data) {
        return "{\"guid\":\"" + UUID.randomUUID() + "\",\"entityGuid\":\"" + entity + "\",\"type\":\"" + type
                + "\",\"data\":" + data + ",\"timestamp\":\"2026-11-20T09:15:00Z\",\"userId\":\"collector-7\"}";
    }

    private JsonNode post(int port, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The record values of a partition exactly as stored: what an outside verifier would hash. */
    private static List<byte[]> rawValues(String bootstrap, int partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<byte[]> values = new ArrayList<>();
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1)).records(tp)) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    /** MTH from RFC 6962 section 2.1, written here from the RFC rather than with the service's code. */
    private static byte[] rfc6962Root(List<byte[]> values) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (values.size() == 1) {
            sha.update((byte) 0);
            return sha.digest(values.getFirst());
        }
        int k = Integer.highestOneBit(values.size() - 1);
        byte[] left = rfc6962Root(values.subList(0, k));
        byte[] right = rfc6962Root(values.subList(k, values.size()));
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }
}
