package io.veritrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.projector.ProjectorApp;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import io.veritrail.testkit.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka client not written here: Debian's {@code kcat} (librdkafka) produces JSON events to {@code events.inbox};
 * they pass the ingest gate and are readable as entities from the projector. A bad line goes to the dead-letter
 * topic instead. {@code ./veritrail test} installs kcat when it is missing and it can.
 */
@RealKafka
class ThirdPartyClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsProducedByKcatBecomeEntities(KafkaBroker broker, SchemaRegistry registry, @TempDir Path state)
            throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        Map<TopicPartition, Long> dlqBefore;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner topics = new TopicProvisioner(admin);
            topics.ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
            dlqBefore = topics.endOffsets(Topics.EVENTS_DLQ);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = List.of(
                line(run + "-household", "create-group", "{\"name\":\"Household 12\",\"village\":\"Segou\"}"),
                line(run + "-fatou", "create-individual", "{\"name\":\"Fatou\",\"age\":41}"),
                line(run + "-fatou", "update-individual", "{\"age\":42}"),
                "{\"guid\":\"not-a-uuid\",\"type\":\"create-individual\"}");
        kcatProduce(broker.bootstrapServers(), lines);

        try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, state, "kcat-" + run));
             IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0)
                     .withProjector("http://127.0.0.1:" + projector.port()))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                JsonNode fatou = entity(projector.port(), run + "-fatou");
                assertThat(fatou.get("version").asInt()).isEqualTo(2);
                assertThat(fatou.get("data").get("age").asInt()).isEqualTo(42);
                assertThat(entity(projector.port(), run + "-household").get("type").asText()).isEqualTo("group");
            });
        }
        List<String> reasons = deadLetterReasonsSince(broker.bootstrapServers(), dlqBefore, "not-a-uuid");
        assertThat(reasons).singleElement().satisfies(reason -> assertThat(reason).contains("/guid"));
    }

    /** The veritrail.reason headers of dead letters written since {@code before} whose value contains {@code marker}. */
    private static List<String> deadLetterReasonsSince(String bootstrap, Map<TopicPartition, Long> before, String marker) {
        List<String> reasons = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(consumer, before.keySet(), before,
                    Duration.ofSeconds(30))) {
                if (new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                    reasons.add(new String(record.headers().lastHeader("veritrail.reason").value(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }

    private static String line(String entity, String type, String data) {
        return ("{\"guid\":\"%s\",\"entityGuid\":\"%s\",\"type\":\"%s\",\"data\":%s,"
                + "\"timestamp\":\"2026-11-01T08:00:00Z\",\"userId\":\"partner-app\",\"syncLevel\":\"EXTERNAL\","
                + "\"metadata\":{\"source\":\"kcat\"}}").formatted(UUID.randomUUID(), entity, type, data);
    }

    private static void kcatProduce(String bootstrap, List<String> lines) throws IOException, InterruptedException {
        Process kcat;
        try {
            // One partition keeps the create before the update: the gate checks records in inbox order.
            kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", Topics.EVENTS_INBOX, "-p", "0",
                    "-X", "acks=all").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("kcat is not installed: apt-get install kcat (./veritrail test tries)", e);
        }
        try (var stdin = kcat.getOutputStream()) {
            stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.exitValue()).as("kcat: " + output).isZero();
    }

    private static JsonNode entity(int port, String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/entities/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
