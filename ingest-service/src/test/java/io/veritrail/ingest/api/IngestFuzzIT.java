package io.veritrail.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.support.EventsLog;
import io.veritrail.ingest.support.Http;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand random and mutated requests against a real ingest: every answer is a 2xx for a valid event or a 4xx
 * problem, never a 5xx; the service stays healthy; and the log holds exactly the events that were answered
 * "accepted". Seeded, so a failure can be replayed: the seed is printed.
 */
@RealKafka
class IngestFuzzIT {
    private static final int REQUESTS = 10_000;
    /** Every type the fuzzer may use except add-member, whose member check asks a projector this test has not. */
    private static final List<String> TYPES = List.of("create-individual", "update-individual", "create-group",
            "update-group", "delete-entity", "remove-member", "no-such-type", "Create-Individual", "", "x".repeat(200));

    @Test
    void randomAndMutatedRequestsAreAllProblemsOrAcceptedAndOnlyAcceptedOnesLand(KafkaBroker broker,
                                                                                 SchemaRegistry registry)
            throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("IngestFuzzIT seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        // Four workers count into it at once; a TreeMap lost counts under contention.
        Map<String, AtomicInteger> byStatus = new ConcurrentSkipListMap<>();
        Set<String> acceptedGuids = ConcurrentHashMap.newKeySet();
        List<String> serverErrors = new CopyOnWriteArrayList<>();
        try (EventsLog log = new EventsLog(broker.bootstrapServers(), registry.url());
             IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0));
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            String base = "http://127.0.0.1:" + ingest.port();
            Map<TopicPartition, Long> before = log.end(Topics.EVENTS);
            HttpClient client = HttpClient.newHttpClient();
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                Random random = new Random(seed + worker);
                int share = REQUESTS / 4;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        boolean batch = random.nextInt(10) == 0;
                        byte[] body = batch ? batch(random) : mutated(random, true);
                        HttpResponse<String> response = send(client, base + (batch ? "/v1/events/batch" : "/v1/events"), body);
                        int status = response.statusCode();
                        byStatus.computeIfAbsent(status + (batch ? " batch" : " single"), s -> new AtomicInteger())
                                .incrementAndGet();
                        if (status >= 500) {
                            serverErrors.add(status + " " + response.body() + " for "
                                    + new String(body, 0, Math.min(300, body.length), StandardCharsets.UTF_8));
                        } else if (status >= 400) {
                            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                                    .startsWith("application/problem+json");
                        } else {
                            record(Http.json(response), acceptedGuids);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            System.out.println("IngestFuzzIT answers " + byStatus + "; events accepted " + acceptedGuids.size());

            assertThat(serverErrors).as("5xx answers").isEmpty();
            assertThat(byStatus.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(REQUESTS);
            HttpResponse<String> health = send(client, base + "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            List<String> landed = log.eventsSince(before).stream().map(r -> r.value().getGuid()).toList();
            assertThat(landed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acceptedGuids);
            assertThat(acceptedGuids).as("the fuzzer also sends valid events").isNotEmpty();
        }
    }

    private static void record(JsonNode answer, Set<String> acceptedGuids) {
        if (answer.has("results")) {
            answer.get("results").forEach(r -> {
                if ("accepted".equals(r.path("status").asText())) {
                    acceptedGuids.add(r.get("guid").asText());
                }
            });
        } else if ("accepted".equals(answer.path("status").asText())) {
            acceptedGuids.add(answer.get("guid").asText());
        }
    }

    private static HttpResponse<String> send(HttpClient client, String url, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }

    private static byte[] batch(Random random) {
        StringBuilder out = new StringBuilder("[");
        int items = random.nextInt(5) == 0 ? random.nextInt(1200) : 1 + random.nextInt(20);
        for (int i = 0; i < items; i++) {
            out.append(i == 0 ? "" : ",").append(new String(mutated(random, false), StandardCharsets.UTF_8));
        }
        return out.append(random.nextInt(20) == 0 ? "" : "]").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A valid event (sometimes a retry of a fixed guid), then zero or more mutations of it. Huge fields (past the
     * 1 MiB event limit) only in single posts: a batch of a thousand of them would be gigabytes of test data.
     */
    static byte[] mutated(Random random, boolean hugeFields) {
        String guid = random.nextInt(20) == 0 ? "00000000-0000-4000-8000-00000000000" + random.nextInt(10)
                : UUID.randomUUID().toString();
        String type = random.nextInt(3) == 0 ? TYPES.get(random.nextInt(TYPES.size())) : "create-individual";
        String event = """
                {"guid":"%s","entityGuid":"fuzz-%d","type":"%s","data":{"name":"n%d","tags":["a","b"]},\
                "timestamp":"2026-03-01T12:00:00Z","userId":"fuzzer","syncLevel":"REMOTE"}"""
                .formatted(guid, random.nextInt(1000), type, random.nextInt(100));
        int mutations = random.nextInt(4);
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        for (int m = 0; m < mutations; m++) {
            bytes = mutate(random, new String(bytes, StandardCharsets.UTF_8), hugeFields);
        }
        return bytes;
    }

    private static byte[] mutate(Random random, String event, boolean hugeFields) {
        String[] fields = {"guid", "entityGuid", "type", "data", "timestamp", "userId", "syncLevel"};
        String field = fields[random.nextInt(fields.length)];
        return switch (random.nextInt(10)) {
            case 0 -> event.substring(0, random.nextInt(event.length() + 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> replaceValue(event, field, List.of("42", "true", "null", "[]", "{}", "-1.5e300", "\"\"")
                    .get(random.nextInt(7))).getBytes(StandardCharsets.UTF_8);
            case 2 -> replaceValue(event, field, "\"" + "x".repeat(hugeFields && random.nextInt(3) == 0 ? 1_100_000 : 5000) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> invalidUtf8(random, event);
            case 4 -> event.replace("\"" + field + "\":", "\"" + field + "_\":").getBytes(StandardCharsets.UTF_8);
            case 5 -> event.replace("{\"guid\"", "{\"extra\":1,\"guid\"").getBytes(StandardCharsets.UTF_8);
            case 6 -> "[".repeat(random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            case 7 -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                yield noise;
            }
            case 8 -> event.replace("\"timestamp\":\"2026-03-01T12:00:00Z\"", "\"timestamp\":\""
                    + List.of("3026-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "yesterday", "2026-13-45T99:00:00Z")
                    .get(random.nextInt(4)) + "\"").getBytes(StandardCharsets.UTF_8);
            default -> event.replace("\"userId\"", "\"guid\":\"" + UUID.randomUUID() + "\",\"userId\"")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String replaceValue(String event, String field, String value) {
        int at = event.indexOf("\"" + field + "\":");
        if (at < 0) {
            return event;
        }
        int start = at + field.length() + 3;
        int end = event.startsWith("{", start) ? event.indexOf('}', start) + 1 : event.indexOf(',', start);
        return end <= start ? event : event.substring(0, start) + value + event.substring(end);
    }

    private static byte[] invalidUtf8(Random random, String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        int at = event.indexOf("\"n");
        if (at > 0) {
            byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xC0, (byte) 0xAF}};
            byte[] insert = bad[random.nextInt(bad.length)];
            byte[] out = new byte[bytes.length + insert.length];
            System.arraycopy(bytes, 0, out, 0, at + 1);
            System.arraycopy(insert, 0, out, at + 1, insert.length);
            System.arraycopy(bytes, at + 1, out, at + 1 + insert.length, bytes.length - at - 1);
            return out;
        }
        return bytes;
    }
}
