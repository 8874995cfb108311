package io.veritrail.bench.harness;

import io.veritrail.bench.report.BenchReport;
import io.veritrail.bench.report.StageResult;
import io.veritrail.deploy.stack.LocalStack;
import io.veritrail.deploy.stack.ManagedProcess;
import io.veritrail.deploy.stack.StackLayout;
import io.veritrail.deploy.stack.StackPorts;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.files.Folders;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Time travel on the real broker with the real projector: entities with 500, 5,000 and 50,000 events (a few synced
 * late, with old timestamps); {@code asOf} queries at random instants over HTTP, beside the cost of folding the
 * same entity's whole history (the same query with {@code replay=full}, snapshots ignored).
 */
public final class TimeTravelRun {
    private static final int[] SIZES = {500, 5_000, 50_000};
    /** 50,000 events an hour apart span almost six years, which must end before now (ingest refuses the future). */
    private static final Instant T0 = Instant.parse("2019-01-01T00:00:00Z");
    /** Unmeasured passes over every size before the measured one. */
    private static final int WARMUP_ROUNDS = 5;

    private final Path home;
    private final Path workDir;
    private final int queries;
    private final PrintStream out;
    private final Progress progress;
    /** One client for the whole run (loading, progress, queries): one per pass left idle threads behind. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String runId = "timetravel-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
            .format(Instant.now());

    public TimeTravelRun(Path home, Path workDir, int queries, PrintStream out) {
        this.home = home;
        this.workDir = workDir;
        this.queries = queries;
        this.out = out;
        this.progress = new Progress(out);
    }

    public BenchReport run() throws Exception {
        Instant startedAt = Instant.now();
        Path runDir = workDir.resolve("runs").resolve(runId);
        StackLayout layout = new StackLayout(home, runDir);
        LocalStack stack = new LocalStack(layout, out);
        StackPorts ports = StackPorts.free();
        progress.step("starting a broker and a registry for this run in " + runDir);
        stack.up(ports, 6, false, false);
        ClusterSettings cluster = new ClusterSettings("127.0.0.1:" + ports.kafka(),
                "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7");
        // The projector runs as the stack runs it, its own JVM and heap, so that the figures are the service's and
        // not those of a JVM shared with the load generator and ingest.
        int projectorPort = StackPorts.free().projector();
        ManagedProcess projector = null;
        try {
            projector = stack.startService("projector", Map.of(
                    "veritrail.kafka.bootstrap", cluster.bootstrapServers(),
                    "veritrail.registry.url", cluster.registryUrl(),
                    "veritrail.projector.port", Integer.toString(projectorPort),
                    "veritrail.projector.state-dir", layout.data("projector").toString(),
                    "veritrail.projector.application-id", runId,
                    "veritrail.auth", "off"), projectorPort);
            return measureAll(cluster, projectorPort, startedAt);
        } finally {
            if (projector != null) {
                projector.stop(Duration.ofSeconds(30));
            }
            progress.step("stopping the run's broker and registry");
            stack.down();
            Folders.deleteRecursively(runDir.resolve("data"));
        }
    }

    private BenchReport measureAll(ClusterSettings cluster, int projectorPort, Instant startedAt) throws Exception {
        try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0)
                     .withProjector("http://127.0.0.1:" + projectorPort))) {
            for (int size : SIZES) {
                progress.step(String.format("loading an entity with %,d events", size));
                load(ingest.port(), entity(size), size);
            }
            for (int size : SIZES) {
                // Every event of the load is an update or the create: the entity's version counts them.
                progress.awaitCount("projector, " + entity(size), () -> version(projectorPort, entity(size)), size,
                        600_000);
            }
            // A server answers for hours: its JIT-compiled steady state is what the percentiles are about. On two
            // cores a compiler thread still at work takes a core from the client or the server, and a query waiting
            // for a core is a 3-5 ms outlier with no GC and half a millisecond in the service (measured), so every
            // size is queried WARMUP_ROUNDS times over before any is measured.
            progress.step(String.format("warming up: %d x %,d asOf queries per entity, not measured", WARMUP_ROUNDS,
                    queries));
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                for (int size : SIZES) {
                    asOfLatencies(projectorPort, entity(size), size, new Random(size * 31L + round));
                }
            }
            Map<Integer, AsOfTimes> asOf = new LinkedHashMap<>();
            for (int size : SIZES) {
                asOf.put(size, asOfLatencies(projectorPort, entity(size), size, new Random(7)));
            }
            // Full replays after every asOf measurement: a 50,000-event fold allocates tens of MB, whose collections
            // and recompilations belong to its own figure, not to the asOf queries measured after it.
            List<StageResult> stages = new ArrayList<>();
            for (int size : SIZES) {
                stages.addAll(measure(projectorPort, entity(size), size, asOf.get(size)));
            }
            BenchReport report = new BenchReport(startedAt, BenchReport.thisMachine(),
                    Map.of("entities", List.of(500, 5_000, 50_000), "queries", queries,
                            "snapshotEvery", ProjectorConfig.DEFAULT_SNAPSHOT_EVERY),
                    Map.of(), stages, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
            report.writeJson(workDir.resolve("results").resolve(runId + ".json"));
            report.printTable(out);
            out.println("Results: " + workDir.resolve("results").resolve(runId + ".json"));
            return report;
        }
    }

    /** The entity's version as the projector answers it now (0 while it does not have the entity yet). */
    private long version(int projectorPort, String entity) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + projectorPort + "/v1/entities/" + entity)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? io.veritrail.service.json.Json.mapper().readTree(r.body()).path("version").asLong() : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private String entity(int size) {
        return runId + "-account-" + size;
    }

    /** One create, then updates an hour apart; one in fifty carries a timestamp days old (a late offline sync). */
    private void load(int ingestPort, String entity, int size) throws Exception {
        Random random = new Random(size);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long hour = random.nextInt(50) == 0 ? Math.max(0, i - 100 - random.nextInt(100)) : i;
            String type = i == 0 ? "create-individual" : "update-individual";
            batch.add("{\"guid\":\"" + UUID.randomUUID() + "\",\"entityGuid\":\"" + entity + "\",\"type\":\"" + type
                    + "\",\"data\":{\"n\":" + i + ",\"f" + (i % 20) + "\":" + i + "},\"timestamp\":\""
                    + T0.plusSeconds(3600L * (i == 0 ? 0 : Math.max(1, hour))) + "\",\"userId\":\"bench\"}");
            if (batch.size() == 500 || i == size - 1) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort
                        + "/v1/events/batch")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", batch) + "]")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"rejected\":0")) {
                    throw new IllegalStateException("load failed: " + r.body().substring(0, Math.min(600, r.body().length())));
                }
                batch.clear();
            }
        }
    }

    /** Round trips over HTTP, and the service's own time for the same queries (its Server-Timing header). */
    private record AsOfTimes(Latencies http, Latencies inService) {
    }

    /** {@code queries} asOf queries at random instants of the entity's history, one after another. */
    private AsOfTimes asOfLatencies(int projectorPort, String entity, int size, Random random) throws Exception {
        String base = "http://127.0.0.1:" + projectorPort + "/v1/entities/" + entity + "?asOf=";
        Latencies asOf = new Latencies();
        Latencies inService = new Latencies();
        for (int q = 0; q < queries; q++) {
            Instant t = T0.plusSeconds(3600L * random.nextInt(size + 1) + 1800);
            long began = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + t)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - began;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("asOf " + t + ": " + r.body());
            }
            asOf.record(took);
            inService.record(serverTimingNanos(r));
        }
        return new AsOfTimes(asOf, inService);
    }

    private static long serverTimingNanos(HttpResponse<?> response) {
        String header = response.headers().firstValue("Server-Timing")
                .orElseThrow(() -> new IllegalStateException("the projector sent no Server-Timing header"));
        return Math.round(Double.parseDouble(header.substring(header.indexOf("dur=") + 4)) * 1e6);
    }

    private List<StageResult> measure(int projectorPort, String entity, int size, AsOfTimes times) throws Exception {
        String base = "http://127.0.0.1:" + projectorPort + "/v1/entities/" + entity + "?asOf=";
        Latencies asOf = times.http();
        Latencies full = new Latencies();
        int replays = size >= 50_000 ? 10 : 30;
        for (int q = 0; q < replays + 3; q++) {
            Instant t = T0.plusSeconds(3600L * (size + 1));
            long began = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + t + "&replay=full")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("full replay: " + r.body());
            }
            if (q >= 3) {
                full.record(System.nanoTime() - began);
            }
        }
        progress.step(String.format("  %,d events: asOf p50 %.2f ms, p99 %.2f ms (in service p50 %.2f, p99 %.2f); "
                        + "full replay p50 %.1f ms", size, asOf.percentileMillis(50), asOf.percentileMillis(99),
                times.inService().percentileMillis(50), times.inService().percentileMillis(99), full.percentileMillis(50)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("asOfP50Ms", round2(asOf.percentileMillis(50)));
        details.put("inServiceP50Ms", round2(times.inService().percentileMillis(50)));
        details.put("inServiceP99Ms", round2(times.inService().percentileMillis(99)));
        details.put("fullReplayP50Ms", round2(full.percentileMillis(50)));
        details.put("samples", asOf.count());
        return List.of(StageResult.latency("asOf p99, " + String.format("%,d", size) + " events",
                asOf.percentileMillis(99), "full replay p50 (same entity)", full.percentileMillis(50), details));
    }


    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
