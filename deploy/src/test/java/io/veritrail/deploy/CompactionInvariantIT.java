package io.veritrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.integrity.IntegrityApp;
import io.veritrail.integrity.IntegrityConfig;
import io.veritrail.integrity.log.TreeHead;
import io.veritrail.projector.ProjectorApp;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.projector.replay.ProjectorReset;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant of the event log (DESIGN.md): with the broker compacting {@code events} eagerly, a replay from
 * offset 0 after compaction gives the same entity state and the same Merkle roots as before it.
 */
@RealKafka
class CompactionInvariantIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void replayAfterCompactionGivesTheSameStateAndRoots(KafkaBroker broker, SchemaRegistry registry,
                                                        @TempDir Path dir) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        String applicationId = "compaction-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner topics = new TopicProvisioner(admin);
            topics.ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
            compactEagerly(admin);

            List<String> ids = new ArrayList<>();
            try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
                writeEvents(ingest.port(), ids);
                rollSegments(ingest.port(), ids);
            }
            Map<String, JsonNode> stateBefore;
            List<TreeHead> rootsBefore;
            try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir.resolve("p1"), applicationId));
                 IntegrityApp integrity = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, dir.resolve("i1")))) {
                stateBefore = awaitAll(projector.port(), ids, null);
                long expected = topics.endOffsets(Topics.EVENTS).values().stream().mapToLong(Long::longValue).sum();
                await().atMost(Duration.ofSeconds(60)).until(() -> integrity.heads().stream()
                        .mapToLong(h -> h.lastOffset() + 1).sum() == expected);
                rootsBefore = integrity.heads();
            }

            Map<Integer, Long> cleaned = awaitCompaction(broker, rootsBefore);

            new ProjectorReset(admin, line -> { }).reset(applicationId, dir.resolve("p1"), Topics.DEFAULT_PARTITIONS, (short) 1);
            try (ProjectorApp replayed = ProjectorApp.start(ProjectorConfig.local(cluster, 0, dir.resolve("p1"), applicationId));
                 IntegrityApp recomputed = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, dir.resolve("i2")))) {
                Map<String, JsonNode> stateAfter = awaitAll(replayed.port(), ids, stateBefore);
                assertThat(stateAfter).isEqualTo(stateBefore);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (TreeHead before : rootsBefore) {
                        TreeHead after = recomputed.heads().get(before.partition());
                        assertThat(after.treeSize()).as("leaves of partition %d (cleaned up to offset %s)",
                                before.partition(), cleaned.get(before.partition())).isEqualTo(before.treeSize());
                        assertThat(after.rootHash()).as("root of partition %d", before.partition())
                                .isEqualTo(before.rootHash());
                    }
                });
            }
        }
    }

    private static void compactEagerly(Admin admin) throws Exception {
        ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry("segment.ms", "100"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("min.cleanable.dirty.ratio", "0.001"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("delete.retention.ms", "0"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.compaction.lag.ms", "100"), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(events, ops)).all().get();
    }

    /** Creates, updates, deletes, a refused event, in batches (transactions, hence markers) and one by one. */
    private void writeEvents(int ingestPort, List<String> ids) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> batch = new ArrayList<>();
        for (int e = 0; e < 30; e++) {
            String id = run + "-" + e;
            ids.add(id);
            batch.add(event(id, "create-individual", "{\"n\":" + e + "}"));
        }
        post(ingestPort, "/v1/events/batch", "[" + String.join(",", batch) + "]");
        for (int round = 1; round <= 3; round++) {
            batch.clear();
            for (String id : ids) {
                batch.add(event(id, "update-individual", "{\"round\":" + round + "}"));
            }
            post(ingestPort, "/v1/events/batch", "[" + String.join(",", batch) + "]");
            Thread.sleep(150);
        }
        for (int e = 0; e < 5; e++) {
            post(ingestPort, "/v1/events", event(ids.get(e), "delete-entity", "{}"));
            post(ingestPort, "/v1/events", event(ids.get(e), "update-individual", "{\"after\":\"delete\"}"));
        }
    }

    private static String event(String entity, String type, String data) {
        return "{\"guid\":\"" + UUID.randomUUID() + "\",\"entityGuid\":\"" + entity + "\",\"type\":\"" + type
                + "\",\"data\":" + data + ",\"timestamp\":\"2026-06-01T00:00:00Z\",\"userId\":\"it\"}";
    }

    /**
     * Segments roll on the first append after segment.ms, and the active segment is never cleaned: a last batch a
     * moment later puts everything before it in closed segments the cleaner compacts.
     */
    private void rollSegments(int ingestPort, List<String> ids) throws Exception {
        Thread.sleep(300);
        List<String> tail = new ArrayList<>();
        for (String id : ids.subList(5, ids.size())) {
            tail.add(event(id, "update-individual", "{\"tail\":true}"));
        }
        post(ingestPort, "/v1/events/batch", "[" + String.join(",", tail) + "]");
    }

    /** Waits until the log cleaner has compacted every partition that holds records (all but its active segment). */
    private static Map<Integer, Long> awaitCompaction(KafkaBroker broker, List<TreeHead> before) {
        Map<Integer, Long> cleaned = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            cleaned.clear();
            for (String line : broker.logDirFile("cleaner-offset-checkpoint")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals(Topics.EVENTS)) {
                    cleaned.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                }
            }
            return before.stream().filter(h -> h.treeSize() > 0)
                    .allMatch(h -> cleaned.getOrDefault(h.partition(), 0L) > 0);
        });
        return cleaned;
    }

    private Map<String, JsonNode> awaitAll(int port, List<String> ids, Map<String, JsonNode> expected) {
        Map<String, JsonNode> state = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            state.clear();
            for (String id : ids) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/entities/" + id)).build(), HttpResponse.BodyHandlers.ofString());
                state.put(id, r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.valueToTree(r.statusCode()));
            }
            if (expected == null) {
                assertThat(state.values().stream().filter(JsonNode::isObject)
                        .allMatch(doc -> doc.get("version").asLong() == 5)).isTrue();
                assertThat(state.values().stream().filter(JsonNode::isNumber).count()).isEqualTo(5);
            } else {
                assertThat(state).isEqualTo(expected);
            }
        });
        return Map.copyOf(state);
    }

    private void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
    }
}
