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
import io.veritrail.schemas.crypto.MasterKeys;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.security.ApiKeys;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.service.security.JwtMinter;
import io.veritrail.service.security.Role;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint of every service against every kind of caller, on the real stack (broker, registry, ingest, two
 * projector instances so that forwarded queries are covered, integrity), with authentication on as in production:
 * the four roles, an API key, and no token, an expired token, a token with a wrong signature and one for another
 * audience. Each cell of the matrix is its own test.
 */
@RealKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "veritrail-test";
    private static final List<String> CALLERS = List.of("admin", "collector", "auditor", "reader", "api-key",
            "none", "expired", "bad-signature", "wrong-audience");
    private static final List<String> UNAUTHENTICATED = List.of("none", "expired", "bad-signature", "wrong-audience");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Map<String, String>> credentials = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private String ingest;
    private String projectorA;
    private String projectorB;
    private String integrity;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private String ownEntity;
    private String otherEntity;
    private int ownPartition;
    private long ownOffset;
    private String ownGuid;

    @BeforeAll
    void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path keys = Files.createTempFile("api-keys", ".txt");
        Files.writeString(keys, ApiKeys.digest("machine-key-1") + " sensor-gateway collector\n");
        AuthSettings auth = new AuthSettings(true, ISSUER, AuthSettings.DEFAULT_AUDIENCE, secret, null, keys, true);

        credentials.put("admin", bearer(token(secret, AuthSettings.DEFAULT_AUDIENCE, "ops-1", Role.ADMIN, List.of(), 3600)));
        credentials.put("collector", bearer(token(secret, AuthSettings.DEFAULT_AUDIENCE, "collector-1", Role.COLLECTOR, List.of(), 3600)));
        credentials.put("auditor", bearer(token(secret, AuthSettings.DEFAULT_AUDIENCE, "audit-1", Role.AUDITOR, List.of(), 3600)));
        credentials.put("reader", bearer(token(secret, AuthSettings.DEFAULT_AUDIENCE, "reader-1", Role.READER, List.of("program-a"), 3600)));
        credentials.put("api-key", Map.of("X-Api-Key", "machine-key-1"));
        credentials.put("none", Map.of());
        credentials.put("expired", bearer(token(secret, AuthSettings.DEFAULT_AUDIENCE, "ops-1", Role.ADMIN, List.of(), -3600)));
        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(otherSecret);
        credentials.put("bad-signature", bearer(token(otherSecret, AuthSettings.DEFAULT_AUDIENCE, "ops-1", Role.ADMIN, List.of(), 3600)));
        credentials.put("wrong-audience", bearer(token(secret, "another-service", "ops-1", Role.ADMIN, List.of(), 3600)));

        Path state = Files.createTempDirectory("access-control");
        String appId = "access-" + run;
        // Encryption on as well, as in the local stack: the matrix must hold with sealed data.
        MasterKeys masters = MasterKeys.single("m1", MasterKeys.newKeyLine("m1").split(" ")[1]);
        ProjectorApp a = ProjectorApp.start(ProjectorConfig.local(cluster, 0, state.resolve("a"), appId), auth, masters);
        running.add(a);
        ProjectorApp b = ProjectorApp.start(ProjectorConfig.local(cluster, 0, state.resolve("b"), appId), auth, masters);
        running.add(b);
        IngestApp in = IngestApp.start(IngestConfig.defaults(cluster, 0).withProjector("http://127.0.0.1:" + a.port()),
                auth, masters);
        running.add(in);
        IntegrityApp integrityApp = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, state.resolve("integrity")), auth);
        running.add(integrityApp);
        ingest = "http://127.0.0.1:" + in.port();
        projectorA = "http://127.0.0.1:" + a.port();
        projectorB = "http://127.0.0.1:" + b.port();
        integrity = "http://127.0.0.1:" + integrityApp.port();

        ownEntity = run + "-own";
        otherEntity = run + "-other";
        // Services that just started may answer 503 for a moment (retry with the same event, as clients do).
        String firstEvent = event(ownEntity, "collector-1", "program-a");
        HttpResponse<String> first = await().atMost(Duration.ofSeconds(60)).until(
                () -> send("POST", ingest + "/v1/events", "admin", firstEvent), r -> r.statusCode() / 100 == 2);
        JsonNode own = JSON.readTree(first.body());
        ownPartition = own.get("partition").asInt();
        ownOffset = own.get("offset").asLong();
        ownGuid = own.get("guid").asText();
        send("POST", ingest + "/v1/events", "admin", event(otherEntity, "collector-2", "program-b"));
        await().atMost(Duration.ofSeconds(90)).until(() -> Stream.of(projectorA, projectorB).allMatch(p ->
                status("GET", p + "/v1/entities/" + ownEntity, "admin") == 200
                        && status("GET", p + "/v1/entities/" + otherEntity, "admin") == 200));
        await().atMost(Duration.ofSeconds(30)).until(() -> status("GET", integrity + "/v1/proofs/inclusion?partition="
                + ownPartition + "&offset=" + ownOffset, "admin") == 200);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable part : running.reversed()) {
            part.close();
        }
    }

    /** One row of the matrix: an endpoint and the status each caller gets. */
    private record Row(String name, Function<String, Integer> call, Map<String, Integer> expected) {
    }

    /** Expected statuses for the authenticated callers; the unauthenticated ones always get 401. */
    private static Map<String, Integer> expect(int admin, int collector, int auditor, int reader, int apiKey) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("admin", admin);
        map.put("collector", collector);
        map.put("auditor", auditor);
        map.put("reader", reader);
        map.put("api-key", apiKey);
        UNAUTHENTICATED.forEach(c -> map.put(c, 401));
        return map;
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("ingest POST /v1/events", caller -> status("POST", ingest + "/v1/events", caller,
                event(run + "-" + UUID.randomUUID(), subjectOf(caller), "program-a")), expect(202, 202, 403, 403, 202)));
        rows.add(new Row("ingest POST /v1/events/batch", caller -> status("POST", ingest + "/v1/events/batch", caller,
                "[" + event(run + "-" + UUID.randomUUID(), subjectOf(caller), "program-a") + "]"),
                expect(200, 200, 403, 403, 200)));
        rows.add(new Row("ingest GET /v1/events (sync)", caller -> status("GET", ingest + "/v1/events?limit=5", caller),
                expect(200, 200, 200, 403, 200)));
        for (String projector : List.of(projectorA, projectorB)) {
            String which = projector.equals(projectorA) ? "projector A" : "projector B";
            rows.add(new Row(which + " GET own entity", caller -> status("GET", projector + "/v1/entities/" + ownEntity,
                    caller), expect(200, 200, 200, 200, 404)));
            rows.add(new Row(which + " GET other entity", caller -> status("GET", projector + "/v1/entities/"
                    + otherEntity, caller), expect(200, 404, 200, 404, 404)));
            rows.add(new Row(which + " GET missing entity", caller -> status("GET", projector + "/v1/entities/"
                    + run + "-missing", caller), expect(404, 404, 404, 404, 404)));
            rows.add(new Row(which + " GET other entity as of", caller -> status("GET", projector + "/v1/entities/"
                    + otherEntity + "?asOf=2030-01-01T00:00:00Z", caller), expect(200, 404, 200, 404, 404)));
            rows.add(new Row(which + " GET other entity history", caller -> status("GET", projector + "/v1/entities/"
                    + otherEntity + "/history", caller), expect(200, 404, 200, 404, 404)));
            rows.add(new Row(which + " GET own entity's event", caller -> status("GET", projector + "/v1/events/"
                    + ownGuid, caller), expect(200, 200, 200, 200, 404)));
            rows.add(new Row(which + " GET /v1/entities (list)", caller -> status("GET", projector + "/v1/entities",
                    caller), expect(200, 200, 200, 200, 200)));
            rows.add(new Row(which + " POST snapshot", caller -> status("POST", projector + "/v1/entities/" + ownEntity
                    + "/snapshots", caller, ""), expect(202, 403, 403, 403, 403)));
        }
        rows.add(new Row("integrity GET /v1/roots", caller -> status("GET", integrity + "/v1/roots", caller),
                expect(200, 200, 200, 200, 200)));
        rows.add(new Row("integrity GET /v1/checkpoints/key", caller -> status("GET", integrity
                + "/v1/checkpoints/key", caller), expect(200, 200, 200, 200, 200)));
        rows.add(new Row("integrity GET inclusion proof", caller -> status("GET", integrity
                + "/v1/proofs/inclusion?partition=" + ownPartition + "&offset=" + ownOffset, caller),
                expect(200, 403, 200, 403, 403)));
        rows.add(new Row("integrity GET consistency proof", caller -> status("GET", integrity
                + "/v1/proofs/consistency?partition=" + ownPartition + "&from=1", caller), expect(200, 403, 200, 403, 403)));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        return rows().stream().flatMap(row -> CALLERS.stream().map(caller -> DynamicTest.dynamicTest(
                row.name() + " as " + caller + " -> " + row.expected().get(caller),
                () -> assertThat(row.call().apply(caller)).isEqualTo(row.expected().get(caller)))));
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpen() {
        for (String service : List.of(ingest, projectorA, integrity)) {
            assertThat(status("GET", service + "/health", "none")).isEqualTo(200);
            assertThat(status("GET", service + "/metrics", "none")).isEqualTo(200);
            assertThat(status("GET", service + "/openapi.yaml", "none")).isEqualTo(200);
        }
    }

    /**
     * Only the instance holding an event can say it was erased; the other, asked for it, relays that 410 (it used
     * to answer 404 for anything but a 200).
     */
    @Test
    void anErasedEntitysEventAnswers410FromEitherInstance() throws Exception {
        String erased = run + "-erased";
        HttpResponse<String> written = await().atMost(Duration.ofSeconds(60)).until(() -> send("POST",
                ingest + "/v1/events", "admin", event(erased, "collector-1", "program-a")), r -> r.statusCode() == 202);
        String guid = JSON.readTree(written.body()).get("guid").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of(projectorA, projectorB)
                .allMatch(p -> status("GET", p + "/v1/events/" + guid, "admin") == 200));
        assertThat(status("DELETE", projectorA + "/v1/entities/" + erased + "/key", "admin")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String projector : List.of(projectorA, projectorB)) {
                HttpResponse<String> answer = send("GET", projector + "/v1/events/" + guid, "admin");
                assertThat(answer.statusCode()).as(projector + " " + answer.body()).isEqualTo(410);
                assertThat(answer.body()).contains("entity-erased");
            }
        });
    }

    @Test
    void aReaderListsOnlyItsTenantsEntitiesAndACollectorWritesOnlyInItsOwnName() throws Exception {
        JsonNode page = JSON.readTree(send("GET", projectorB + "/v1/entities?limit=500", "reader").body());
        assertThat(page.get("entities").findValuesAsText("tenant")).isNotEmpty().containsOnly("program-a");
        HttpResponse<String> forged = send("POST", ingest + "/v1/events", "collector",
                event(run + "-forged", "collector-2", "program-a"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(forged.body()).get("errors").findValuesAsText("field")).containsExactly("/userId");
        HttpResponse<String> unauthenticated = send("GET", ingest + "/v1/events", "expired");
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(unauthenticated.body()).contains("expired");
    }

    private static String subjectOf(String caller) {
        return switch (caller) {
            case "collector" -> "collector-1";
            case "api-key" -> "sensor-gateway";
            default -> "collector-1";
        };
    }

    private static String event(String entity, String userId, String tenant) {
        return ("{\"guid\":\"%s\",\"entityGuid\":\"%s\",\"type\":\"create-individual\",\"data\":{\"name\":\"N\","
                + "\"tenant\":\"%s\"},\"timestamp\":\"2026-11-01T08:00:00Z\",\"userId\":\"%s\"}")
                .formatted(UUID.randomUUID(), entity, tenant, userId);
    }

    private static String token(byte[] secret, String audience, String subject, Role role, List<String> tenants,
                                long validSeconds) {
        Instant now = Instant.now();
        return JwtMinter.hs256(JwtMinter.claims(ISSUER, audience, subject, List.of(role), tenants,
                validSeconds < 0 ? now.minusSeconds(2 * 3600) : now, Duration.ofSeconds(Math.abs(validSeconds))), secret);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private int status(String method, String url, String caller) {
        return status(method, url, caller, null);
    }

    private int status(String method, String url, String caller, String body) {
        return send(method, url, caller, body).statusCode();
    }

    private HttpResponse<String> send(String method, String url, String caller) {
        return send(method, url, caller, null);
    }

    private HttpResponse<String> send(String method, String url, String caller, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        credentials.get(caller).forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url, e);
        }
    }
}
