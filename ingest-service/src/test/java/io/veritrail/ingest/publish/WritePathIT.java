package io.veritrail.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.dedupe.GuidIndex;
import io.veritrail.ingest.schema.DataSubjects;
import io.veritrail.ingest.support.EventsLog;
import io.veritrail.ingest.support.Http;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The write path on a real broker and registry: idempotency, conflicts, data schemas, across restarts and instances. */
@RealKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathIT {
    private ClusterSettings cluster;
    private EventsLog log;
    private SchemaRegistryClient registry;
    private IngestApp ingest;
    private String base;

    @BeforeAll
    void start(KafkaBroker broker, SchemaRegistry schemaRegistry) {
        cluster = new ClusterSettings(broker.bootstrapServers(), schemaRegistry.url());
        log = new EventsLog(broker.bootstrapServers(), schemaRegistry.url());
        registry = new SchemaRegistryClient(RegistryConfig.of(schemaRegistry.url()));
        ingest = IngestApp.start(IngestConfig.defaults(cluster, 0).withUnknownTypeRecheck(Duration.ZERO));
        base = "http://127.0.0.1:" + ingest.port();
    }

    @AfterAll
    void stop() {
        ingest.close();
        log.close();
    }

    static String event(String guid, String entity, String type, String data) {
        return """
                {"guid":"%s","entityGuid":"%s","type":"%s","data":%s,
                 "timestamp":"2026-01-31T09:30:00Z","userId":"collector-7","metadata":{"deviceId":"tab-3"}}"""
                .formatted(guid, entity, type, data);
    }

    static String person(String guid, String entity, String name) {
        return event(guid, entity, "create-individual", "{\"name\":\"" + name + "\",\"age\":36}");
    }

    @Test
    void batchWithGoodDuplicateConflictingAndBadItems() {
        String earlier = UUID.randomUUID().toString();
        HttpResponse<String> first = Http.post(base + "/v1/events", person(earlier, "p-earlier", "Ada"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode firstPlace = Http.json(first);
        Map<TopicPartition, Long> before = log.end(Topics.EVENTS);
        String fresh = UUID.randomUUID().toString();

        HttpResponse<String> response = Http.post(base + "/v1/events/batch", "[" + String.join(",",
                person(fresh, "p-fresh", "Grace"),
                person(earlier, "p-earlier", "Ada"),
                person(earlier, "p-earlier", "Not Ada"),
                event(UUID.randomUUID().toString(), "p-x", "no-such-type", "{}"),
                person(fresh, "p-fresh", "Grace")) + "]");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Http.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("duplicates").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").asInt()).isEqualTo(2);
        JsonNode results = answer.get("results");
        assertThat(results.findValuesAsText("status"))
                .containsExactly("accepted", "duplicate", "rejected", "rejected", "duplicate");
        assertThat(results.get(1).get("offset").asLong()).isEqualTo(firstPlace.get("offset").asLong());
        assertThat(results.get(1).get("partition").asInt()).isEqualTo(firstPlace.get("partition").asInt());
        assertThat(results.get(2).get("errors").findValuesAsText("field")).containsExactly("/guid");
        assertThat(results.get(3).get("errors").findValuesAsText("field")).containsExactly("/type");
        assertThat(results.get(4).get("offset").asLong()).isEqualTo(results.get(0).get("offset").asLong());

        assertThat(guids(log.eventsSince(before))).containsExactly(fresh);
    }

    /**
     * A batch over many entities, so over every partition: every answer names the record that is really at that
     * place, each partition holds its events in the batch's order, and a duplicate inside the batch answers its
     * original's place.
     */
    @Test
    void aBatchOverEveryPartitionIsAnsweredWhereEachEventLandedInTheBatchsOrder() {
        Map<TopicPartition, Long> before = log.end(Topics.EVENTS);
        List<String> guids = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String guid = UUID.randomUUID().toString();
            guids.add(guid);
            items.add(person(guid, "p-spread-" + (i % 30), "Person " + i));
        }
        items.add(person(guids.get(7), "p-spread-7", "Person 7"));

        HttpResponse<String> response = Http.post(base + "/v1/events/batch", "[" + String.join(",", items) + "]");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Http.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(120);
        assertThat(answer.get("duplicates").asInt()).isEqualTo(1);
        JsonNode results = answer.get("results");
        assertThat(results.get(120).get("partition").asInt()).isEqualTo(results.get(7).get("partition").asInt());
        assertThat(results.get(120).get("offset").asLong()).isEqualTo(results.get(7).get("offset").asLong());

        Map<String, String> guidAt = new java.util.HashMap<>();
        Map<Integer, List<String>> perPartition = new java.util.TreeMap<>();
        for (ConsumerRecord<String, EventEnvelope> record : log.eventsSince(before)) {
            guidAt.put(record.partition() + "@" + record.offset(), record.value().getGuid());
            perPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value().getGuid());
        }
        assertThat(guidAt).hasSize(120);
        for (int i = 0; i < 120; i++) {
            JsonNode result = results.get(i);
            assertThat(guidAt.get(result.get("partition").asInt() + "@" + result.get("offset").asLong()))
                    .as("the record at the place item %d was answered", i).isEqualTo(guids.get(i));
        }
        assertThat(perPartition).as("spread over several partitions").hasSizeGreaterThan(1);
        perPartition.values().forEach(inLog -> assertThat(inLog)
                .isEqualTo(guids.stream().filter(inLog::contains).toList()));
    }

    @Test
    void aRetryAnswersTheOriginalPlaceAndOtherContentIsAConflict() {
        String guid = UUID.randomUUID().toString();
        JsonNode original = Http.json(Http.post(base + "/v1/events", person(guid, "p-retry", "Ada")));
        Map<TopicPartition, Long> before = log.end(Topics.EVENTS);

        // The same event serialised differently (keys in another order, other metadata) is still the same event.
        String reordered = """
                {"userId":"collector-7","timestamp":"2026-01-31T09:30:00.000Z","data":{"age":36,"name":"Ada"},
                 "type":"create-individual","entityGuid":"p-retry","guid":"%s","metadata":{"deviceId":"tab-9"}}"""
                .formatted(guid);
        HttpResponse<String> retry = Http.post(base + "/v1/events", reordered);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(Http.json(retry).get("status").asText()).isEqualTo("duplicate");
        assertThat(Http.json(retry).get("offset").asLong()).isEqualTo(original.get("offset").asLong());

        HttpResponse<String> conflict = Http.post(base + "/v1/events", person(guid, "p-retry", "Eve"));
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(Http.json(conflict).get("errors").findValuesAsText("field")).containsExactly("/guid");

        assertThat(log.eventsSince(before)).isEmpty();
    }

    @Test
    void idempotencySurvivesARestartEvenWithAnEmptyLocalIndex() throws Exception {
        String guid = UUID.randomUUID().toString();
        JsonNode original;
        Path state = Files.createTempDirectory("ingest-restart");
        try (IngestApp first = IngestApp.start(IngestConfig.defaults(cluster, 0).withStateDir(state))) {
            original = Http.json(Http.post("http://127.0.0.1:" + first.port() + "/v1/events",
                    person(guid, "p-restart", "Ada")));
            assertThat(original.get("status").asText()).isEqualTo("accepted");
        }
        Map<TopicPartition, Long> before = log.end(Topics.EVENTS);
        // Same folder: resumes its index. A fresh folder: rebuilds it from the log. Both must know the guid.
        for (Path folder : List.of(state, Files.createTempDirectory("ingest-fresh"))) {
            try (IngestApp restarted = IngestApp.start(IngestConfig.defaults(cluster, 0).withStateDir(folder))) {
                HttpResponse<String> again = Http.post("http://127.0.0.1:" + restarted.port() + "/v1/events",
                        person(guid, "p-restart", "Ada"));
                assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
                assertThat(Http.json(again).get("offset").asLong()).isEqualTo(original.get("offset").asLong());
            }
        }
        assertThat(log.eventsSince(before)).isEmpty();
    }

    /**
     * While an instance holds the writer id its follower reads nothing; the writer moves the index's positions past
     * each of its transactions, so a restart does not read back everything the instance wrote.
     */
    @Test
    void aRestartedInstanceResumesPastItsOwnWrites() throws Exception {
        Path state = Files.createTempDirectory("ingest-resume");
        Map<Integer, Long> lastWritten = new java.util.HashMap<>();
        try (IngestApp writer = IngestApp.start(IngestConfig.defaults(cluster, 0).withStateDir(state))) {
            for (int post = 0; post < 3; post++) {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    items.add(person(UUID.randomUUID().toString(), "p-resume-" + post + "-" + i, "Ada"));
                }
                HttpResponse<String> answer = Http.post("http://127.0.0.1:" + writer.port() + "/v1/events/batch",
                        "[" + String.join(",", items) + "]");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                Http.json(answer).get("results").forEach(result -> lastWritten.merge(
                        result.get("partition").asInt(), result.get("offset").asLong(), Math::max));
            }
        }
        try (GuidIndex saved = new GuidIndex(state.resolve("guid-index"))) {
            Map<Integer, Long> positions = saved.positions();
            lastWritten.forEach((partition, offset) -> assertThat(positions.get(partition))
                    .as("partition %d", partition).isGreaterThan(offset));
        }
    }

    @Test
    void theSameGuidPostedConcurrentlyToTwoInstancesIsAcceptedOnce() throws Exception {
        Map<TopicPartition, Long> before = log.end(Topics.EVENTS);
        List<String> guids = new ArrayList<>();
        try (IngestApp other = IngestApp.start(IngestConfig.defaults(cluster, 0));
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            String[] instances = {base, "http://127.0.0.1:" + other.port()};
            for (int round = 0; round < 20; round++) {
                String guid = UUID.randomUUID().toString();
                guids.add(guid);
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (String instance : instances) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        await(together);
                        return postRetryingUnavailable(instance + "/v1/events", person(guid, "p-race-" + guid, "Ada"));
                    }, pool));
                }
                List<HttpResponse<String>> done = answers.stream().map(CompletableFuture::join).toList();
                assertThat(done).extracting(HttpResponse::statusCode).as(done.toString())
                        .containsExactlyInAnyOrder(202, 200);
                assertThat(done.stream().map(r -> Http.json(r).get("offset").asLong()).distinct()).hasSize(1);
            }
        }
        assertThat(guids(log.eventsSince(before))).containsExactlyInAnyOrderElementsOf(guids);
    }

    @Test
    void dataIsCheckedAgainstTheTypesSchemaInTheRegistry() {
        HttpResponse<String> notObject = Http.post(base + "/v1/events",
                event(UUID.randomUUID().toString(), "g-1", "add-member", "{\"memberGuid\":5}"));
        assertThat(notObject.statusCode()).as(notObject.body()).isEqualTo(400);
        assertThat(Http.json(notObject).get("errors").findValuesAsText("field")).containsExactly("/data/memberGuid");

        HttpResponse<String> missing = Http.post(base + "/v1/events",
                event(UUID.randomUUID().toString(), "g-1", "add-member", "{}"));
        assertThat(Http.json(missing).get("errors").findValuesAsText("field")).containsExactly("/data/memberGuid");

        String type = "visit-recorded-" + UUID.randomUUID().toString().substring(0, 8);
        String visit = event(UUID.randomUUID().toString(), "v-1", type, "{\"place\":\"clinic\",\"minutes\":20}");
        HttpResponse<String> unknown = Http.post(base + "/v1/events", visit);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.json(unknown).get("errors").findValuesAsText("field")).containsExactly("/type");

        // A user adds a type by registering its data schema: no release, no restart.
        String subject = DataSubjects.subjectOf(type);
        registry.setCompatibility(subject, DataSubjects.COMPATIBILITY);
        assertThat(registry.registerJsonSchema(subject, """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "properties":{"place":{"type":"string"},"minutes":{"type":"integer","minimum":1}},
                 "required":["place","minutes"]}""")).isEqualTo(1);
        assertThat(Http.post(base + "/v1/events", visit).statusCode()).isEqualTo(202);
        HttpResponse<String> wrongType = Http.post(base + "/v1/events",
                event(UUID.randomUUID().toString(), "v-1", type, "{\"place\":\"clinic\",\"minutes\":\"twenty\"}"));
        assertThat(Http.json(wrongType).get("errors").findValuesAsText("field")).containsExactly("/data/minutes");
        HttpResponse<String> noVersion2 = Http.post(base + "/v1/events", event(UUID.randomUUID().toString(), "v-1",
                type, "{\"place\":\"clinic\",\"minutes\":20}").replace("\"userId\"", "\"schemaVersion\":2,\"userId\""));
        assertThat(Http.json(noVersion2).get("errors").findValuesAsText("field")).containsExactly("/schemaVersion");

        // The registry's compatibility rule guards schema changes: renaming a required field is refused.
        assertThatThrownBy(() -> registry.registerJsonSchema(subject, """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "properties":{"location":{"type":"string"}},"required":["location"]}"""))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(409));
    }

    @Test
    void timestampsFromTheFutureAreRefused() {
        String future = person(UUID.randomUUID().toString(), "p-future", "Ada")
                .replace("2026-01-31T09:30:00Z", Instant.now().plus(Duration.ofHours(1)).toString());
        HttpResponse<String> response = Http.post(base + "/v1/events", future);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("errors").findValuesAsText("field")).containsExactly("/timestamp");
    }

    /**
     * As a client does with a 503: the two instances fence each other on the writer id, and on a slow machine one
     * may run out of its own attempts while the other keeps taking the id.
     */
    private static HttpResponse<String> postRetryingUnavailable(String url, String body) {
        HttpResponse<String> answer = Http.post(url, body);
        for (int retry = 0; retry < 3 && answer.statusCode() == 503; retry++) {
            answer = Http.post(url, body);
        }
        return answer;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> guids(List<ConsumerRecord<String, EventEnvelope>> records) {
        return records.stream().map(r -> r.value().getGuid()).toList();
    }
}
