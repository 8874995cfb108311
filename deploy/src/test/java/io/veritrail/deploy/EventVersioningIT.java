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
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event versioning end to end with the example pack: {@code money-deposited} v1 (amount only) and v2 (amount and
 * currency) are both checked by ingest against their own registered schema, both stay in the log as written, and
 * both fold into the same balance because the projector lifts v1 through the example upcaster.
 */
@RealKafka
class EventVersioningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aV1AndAV2DepositBothFoldAfterTheUpcasterIsAdded(KafkaBroker broker, SchemaRegistry registry,
                                                          @TempDir Path state) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        String account = "acc-" + UUID.randomUUID();
        try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, state, "versioning-e2e"));
             IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
            assertThat(post(ingest.port(), event(account, "account-opened", 1, "{\"owner\":\"Amina\",\"currency\":\"EUR\"}"))
                    .statusCode()).isEqualTo(202);
            assertThat(post(ingest.port(), event(account, "money-deposited", 1, "{\"amount\":10}")).statusCode())
                    .isEqualTo(202);
            assertThat(post(ingest.port(), event(account, "money-deposited", 2, "{\"amount\":\"2.50\",\"currency\":\"EUR\"}"))
                    .statusCode()).isEqualTo(202);
            // v2's schema requires the currency: ingest refuses a v2 deposit without one, naming the field.
            HttpResponse<String> noCurrency = post(ingest.port(), event(account, "money-deposited", 2, "{\"amount\":1}"));
            assertThat(noCurrency.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(noCurrency.body()).get("errors").findValuesAsText("field"))
                    .containsExactly("/data/currency");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + projector.port() + "/v1/entities/" + account)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode doc = JSON.readTree(response.body());
                assertThat(doc.get("version").asInt()).isEqualTo(3);
                assertThat(new BigDecimal(doc.get("data").get("balance").asText())).isEqualByComparingTo("12.50");
            });
        }
    }

    private static String event(String entity, String type, int version, String data) {
        return ("{\"guid\":\"%s\",\"entityGuid\":\"%s\",\"type\":\"%s\",\"schemaVersion\":%d,\"data\":%s,"
                + "\"timestamp\":\"2026-11-02T10:00:00Z\",\"userId\":\"teller-4\"}")
                .formatted(UUID.randomUUID(), entity, type, version, data);
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
