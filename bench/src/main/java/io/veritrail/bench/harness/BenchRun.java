package io.veritrail.bench.harness;

import io.veritrail.bench.report.BenchReport;
import io.veritrail.bench.report.RatioChart;
import io.veritrail.bench.report.StageResult;
import io.veritrail.deploy.stack.LocalStack;
import io.veritrail.deploy.stack.StackLayout;
import io.veritrail.deploy.stack.StackPorts;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.integrity.IntegrityApp;
import io.veritrail.integrity.IntegrityConfig;
import io.veritrail.integrity.log.TreeHead;
import io.veritrail.projector.ProjectorApp;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.TopicSpec;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.files.Folders;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One benchmark run: its own broker and registry (as processes, like {@code up}), the raw Kafka tools for the
 * ceilings, then each Veritrail stage on the same broker, and a report as a table, JSON and a PNG chart.
 */
public final class BenchRun {
    private static final String RAW_TOPIC = "bench-raw";
    private static final String LATENCY_TOPIC = "bench-latency";
    /** Avro envelope fields around the padding of a synthetic event, measured for 512-byte records. */
    private static final int ENVELOPE_OVERHEAD = 190;

    private final BenchOptions options;
    private final PrintStream out;
    private final Progress progress;
    private final String runId = "bench-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());

    public BenchRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.progress = new Progress(out);
    }

    public BenchReport run() throws Exception {
        Instant startedAt = Instant.now();
        Path runDir = options.workDir().resolve("runs").resolve(runId);
        StackLayout layout = new StackLayout(options.home(), runDir);
        LocalStack stack = new LocalStack(layout, out);
        StackPorts ports = StackPorts.free();
        progress.step("starting a broker and a registry for this run in " + runDir);
        stack.up(ports, options.partitions(), false, false);
        String bootstrap = "127.0.0.1:" + ports.kafka();
        ClusterSettings cluster = new ClusterSettings(bootstrap, "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).ensure(List.of(
                    new TopicSpec(RAW_TOPIC, options.partitions(), (short) 1, Map.of()),
                    new TopicSpec(LATENCY_TOPIC, 1, (short) 1, Map.of())), Duration.ofSeconds(30));
            return measure(startedAt, layout, cluster, admin);
        } finally {
            progress.step("stopping the run's broker and registry");
            stack.down();
            Folders.deleteRecursively(runDir.resolve("data"));
        }
    }

    private BenchReport measure(Instant startedAt, StackLayout layout, ClusterSettings cluster, Admin admin) throws Exception {
        RawKafkaTools raw = new RawKafkaTools(layout.brokerClasspath(), cluster.bootstrapServers());
        int n = options.events();
        progress.step(String.format("raw ProducerPerformance: %,d records of %d bytes (the first %,d as warm-up)", n,
                options.recordSize(), options.warmupEvents()));
        Optional<MachineLoad.Mark> producerStarted = MachineLoad.now();
        RawKafkaTools.ProducerFigures producer = producerPerformance(raw);
        Optional<Double> producerBusy = MachineLoad.busyCoresSince(producerStarted);
        progress.step(String.format("  %,.0f records/s%s", producer.recordsPerSecond(), busyNote(producerBusy)));
        progress.step("raw ConsumerPerformance on the same records");
        double rawConsumer = raw.consumerPerformance(RAW_TOPIC, n);
        progress.step(String.format("  %,.0f records/s", rawConsumer));

        List<StageResult> stages = new ArrayList<>();
        Map<String, Object> rawTools = new LinkedHashMap<>();
        rawTools.put("producerRecordsPerSecond", producer.recordsPerSecond());
        rawTools.put("producerMBPerSecond", producer.mbPerSecond());
        producerBusy.ifPresent(busy -> rawTools.put("producerBusyCores", busy));
        rawTools.put("consumerRecordsPerSecondOnRawTopic", rawConsumer);

        try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
            String ingestUrl = "http://127.0.0.1:" + ingest.port();
            progress.step(String.format("ingest: %,d events in batches of %d from %d clients (the first %,d as warm-up)",
                    n, options.batchSize(), options.ingestClients(), options.warmupEvents()));
            IngestLoad.Figures load = loadIngest(ingestUrl, runId);
            LogSample sample = sampleLog(cluster.bootstrapServers());
            double storedSize = sample.averageValueBytes();
            progress.step(String.format("  %,.0f events/s; stored records average %.0f bytes%s", load.eventsPerSecond(),
                    storedSize, busyNote(load.busyCores())));
            stages.add(StageResult.throughput("ingest (HTTP batch)", load.eventsPerSecond(), "events/s",
                    "ProducerPerformance", producer.recordsPerSecond(), withBusyCores(Map.of("p50RequestMs",
                            load.p50Millis(), "p99RequestMs", load.p99Millis(), "batchSize", options.batchSize(),
                            "avgStoredRecordBytes", Math.round(storedSize)), load.busyCores())));

            // The integrity stages run before the projector starts: a projector that has just folded a million events
            // goes on compacting its stores for a while, on the same two cores. The ceiling is measured right before
            // the stage: on a shared machine the raw figure drifts by tens of percent within minutes.
            progress.step("raw ConsumerPerformance on the events topic");
            Optional<MachineLoad.Mark> consumerStarted = MachineLoad.now();
            double consumerOnEvents = raw.consumerPerformance(Topics.EVENTS, (int) load.written());
            rawTools.put("consumerRecordsPerSecondOnEvents", consumerOnEvents);
            Optional<Double> consumerBusy = MachineLoad.busyCoresSince(consumerStarted);
            consumerBusy.ifPresent(busy -> rawTools.put("consumerOnEventsBusyCores", busy));
            progress.step(String.format("  %,.0f records/s%s", consumerOnEvents, busyNote(consumerBusy)));
            progress.step("raw ConsumerPerformance on the events topic again, its rate once warm");
            OptionalDouble consumerWarm = raw.consumerPerformanceSteadyState(Topics.EVENTS,
                    (int) load.written());
            consumerWarm.ifPresentOrElse(rate -> {
                rawTools.put("consumerSteadyStateRecordsPerSecondOnEvents", rate);
                progress.step(String.format("  %,.0f records/s after its first tenth", rate));
            }, () -> progress.step("  too short a run for a warm rate: the second catch-up is set beside the "
                    + "whole run"));
            stages.addAll(integrityStages(cluster, layout, load.written(), consumerOnEvents, consumerWarm,
                    sample.locations()));
            if (options.integrityOwnJvmRounds() > 0) {
                stages.add(integrityOwnJvmStage(raw, cluster, layout, load.written()));
            }

            String applicationId = runId + "-projector";
            long outputsBefore = endOffsetsOf(admin, Topics.ENTITY_CHANGES, Topics.ENTITY_STATE, Topics.EVENTS_REJECTED);
            try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, layout.data("projector"), applicationId))) {
                stages.add(projectorStage(projector, admin, applicationId, outputsBefore, load.written(),
                        producer.recordsPerSecond()));

                progress.step(String.format("end to end: %d single events, 202 to readable", options.endToEndSamples()));
                Latencies e2e = EndToEndProbe.run(ingestUrl, "http://127.0.0.1:" + projector.port(), runId,
                        options.endToEndSamples());
                progress.step("raw EndToEndLatency (produce, acks=all, then consume)");
                double[] rawE2e = raw.endToEndLatency(LATENCY_TOPIC, options.endToEndSamples(), options.recordSize());
                rawTools.put("endToEndLatencyP50Ms", rawE2e[0]);
                rawTools.put("endToEndLatencyP99Ms", rawE2e[1]);
                stages.add(StageResult.latency("end to end p50 (202 to readable)", e2e.percentileMillis(50),
                        "EndToEndLatency p50", rawE2e[0], Map.of("samples", e2e.count())));
                stages.add(StageResult.latency("end to end p99 (202 to readable)", e2e.percentileMillis(99),
                        "EndToEndLatency p99", rawE2e[1], Map.of("samples", e2e.count())));
            }
        }
        stages.add(ingestAgain(cluster, raw, rawTools));
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("events", n);
        sizes.put("recordSize", options.recordSize());
        sizes.put("partitions", options.partitions());
        sizes.put("eventsPerEntity", options.eventsPerEntity());
        sizes.put("ingestClients", options.ingestClients());
        BenchReport report = new BenchReport(startedAt, BenchReport.thisMachine(), sizes, rawTools, stages,
                Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        Path results = options.workDir().resolve("results");
        report.writeJson(results.resolve(runId + ".json"));
        RatioChart.write(report, results.resolve(runId + ".png"));
        report.printTable(out);
        out.println("Results: " + results.resolve(runId + ".json") + " and " + results.resolve(runId + ".png"));
        return report;
    }

    /**
     * Ingest again, a fresh instance in this JVM (its code compiled) with new events, beside ProducerPerformance run
     * again right before on the same broker. The first pass shares two cores with the JIT compilers of ingest and of
     * the broker's transaction paths for much of its window, while the raw producer's small code is compiled within
     * its warm-up: this pair shows the rates once both are warm. Run last, so that its events are in no catch-up.
     */
    private StageResult ingestAgain(ClusterSettings cluster, RawKafkaTools raw, Map<String, Object> rawTools)
            throws Exception {
        int n = options.events();
        progress.step("raw ProducerPerformance again, on the warm broker");
        Optional<MachineLoad.Mark> producerStarted = MachineLoad.now();
        RawKafkaTools.ProducerFigures producer = producerPerformance(raw);
        Optional<Double> producerBusy = MachineLoad.busyCoresSince(producerStarted);
        rawTools.put("producerAgainRecordsPerSecond", producer.recordsPerSecond());
        producerBusy.ifPresent(busy -> rawTools.put("producerAgainBusyCores", busy));
        progress.step(String.format("  %,.0f records/s%s", producer.recordsPerSecond(), busyNote(producerBusy)));
        try (IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0))) {
            progress.step(String.format("ingest again, a new instance in this JVM: %,d new events", n));
            IngestLoad.Figures load = loadIngest("http://127.0.0.1:" + ingest.port(), runId + "-again");
            progress.step(String.format("  %,.0f events/s%s", load.eventsPerSecond(), busyNote(load.busyCores())));
            return StageResult.throughput("ingest, 2nd pass in the JVM", load.eventsPerSecond(), "events/s",
                    "ProducerPerformance again", producer.recordsPerSecond(), withBusyCores(Map.of(
                            "p50RequestMs", load.p50Millis(), "p99RequestMs", load.p99Millis()), load.busyCores()));
        }
    }

    /** The raw producer: the run's records of the run's size, after the same warm-up as ingest. */
    private RawKafkaTools.ProducerFigures producerPerformance(RawKafkaTools raw) throws Exception {
        return raw.producerPerformance(RAW_TOPIC, options.events(), options.recordSize(), options.warmupEvents());
    }

    /** The run's number of new events (guids made from {@code seed}) through ingest's batch endpoint. */
    private IngestLoad.Figures loadIngest(String ingestUrl, String seed) throws Exception {
        SyntheticEvents events = new SyntheticEvents(options.events(), options.eventsPerEntity(),
                options.recordSize() - ENVELOPE_OVERHEAD, seed);
        return IngestLoad.run(ingestUrl, events, options.ingestClients(), options.batchSize(), options.warmupEvents());
    }

    private StageResult projectorStage(ProjectorApp projector, Admin admin, String applicationId, long outputsBefore,
                                       long events, double rawProducer) throws Exception {
        progress.step(String.format("projector: catching up on %,d events from offset 0", events));
        Fold fold = measureCatchUp("projector", projector::eventsFolded, events);
        // Everything the fold wrote: its changelogs, and the downstream topics (with transaction markers).
        long written = endOffsetsOfTopicsStartingWith(admin, applicationId)
                + endOffsetsOf(admin, Topics.ENTITY_CHANGES, Topics.ENTITY_STATE, Topics.EVENTS_REJECTED) - outputsBefore;
        double perEvent = written / (double) events;
        progress.step(String.format("  %,.0f events/s, %.2f records written per event", fold.perSecond(), perEvent));
        return StageResult.throughput("projector (catch-up fold)", fold.perSecond(), "events/s", "ProducerPerformance",
                rawProducer, withBusyCores(Map.of("recordsWrittenPerEvent", round2(perEvent),
                        "startupSeconds", round2(fold.startup()),
                        "ceilingAtThatWriteRate", Math.round(rawProducer / Math.max(perEvent, 1e-9))),
                        fold.busyCores()));
    }

    /**
     * Two like-for-like comparisons: the service's first catch-up (its code not yet compiled) beside
     * ConsumerPerformance's whole run (a fresh JVM too), and a second catch-up in the same JVM (compiled) beside
     * ConsumerPerformance once warm.
     */
    private List<StageResult> integrityStages(ClusterSettings cluster, StackLayout layout, long events,
                                              double rawConsumer, OptionalDouble rawConsumerWarm,
                                              List<long[]> locations) throws Exception {
        List<StageResult> stages = new ArrayList<>();
        progress.step(String.format("integrity: hashing %,d records from offset 0", events));
        try (IntegrityApp integrity = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, layout.data("integrity")))) {
            Fold fold = measureCatchUp("integrity", integrity::leaves, events);
            progress.step(String.format("  %,.0f leaves/s%s", fold.perSecond(), busyNote(fold.busyCores())));
            long largest = integrity.heads().stream().mapToLong(TreeHead::treeSize).max().orElse(0);
            progress.step(String.format("integrity: %d inclusion proofs over HTTP (trees of up to %,d leaves)",
                    locations.size(), largest));
            Latencies proofs = ProofProbe.run("http://127.0.0.1:" + integrity.port(), locations);
            double[] inService = serverSidePercentiles(integrity.metrics(), "veritrail.integrity.proof");
            stages.add(StageResult.throughput("integrity (leaves hashed)", fold.perSecond(), "leaves/s",
                    "ConsumerPerformance (events topic)", rawConsumer,
                    withBusyCores(Map.of("startupSeconds", round2(fold.startup())), fold.busyCores())));
            stages.add(StageResult.latency("inclusion proof p99 (in service)", inService[1], "goal: 1 ms", 1.0,
                    Map.of("p50Ms", round2(inService[0]), "largestTreeLeaves", largest)));
            stages.add(StageResult.latency("inclusion proof p99 (HTTP round trip)", proofs.percentileMillis(99),
                    "goal: 1 ms", 1.0, Map.of("p50Ms", round2(proofs.percentileMillis(50)), "samples", proofs.count())));
        }
        // The same catch-up again, into an empty store, in this JVM: the first one shares two cores with the JIT
        // compilers for much of its run; this one shows the compiled code's rate, so it is compared with the raw
        // consumer's warm rate (a fresh ConsumerPerformance takes its first tenth at a fraction of its later speed).
        progress.step(String.format("integrity again, into an empty store: hashing %,d records from offset 0", events));
        try (IntegrityApp again = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, layout.data("integrity-again")))) {
            Fold fold = measureCatchUp("integrity again", again::leaves, events);
            progress.step(String.format("  %,.0f leaves/s%s", fold.perSecond(), busyNote(fold.busyCores())));
            stages.add(StageResult.throughput("integrity, 2nd catch-up in the JVM", fold.perSecond(), "leaves/s",
                    rawConsumerWarm.isPresent() ? "ConsumerPerformance once warm" : "ConsumerPerformance (events topic)",
                    rawConsumerWarm.orElse(rawConsumer),
                    withBusyCores(Map.of("startupSeconds", round2(fold.startup())), fold.busyCores())));
        }
        return stages;
    }

    /**
     * Rounds of the integrity service catching up in a JVM of its own, each right after a {@code ConsumerPerformance}
     * run; the stage is the round of median ratio, its CPU per leaf by kind of thread in the details.
     */
    private StageResult integrityOwnJvmStage(RawKafkaTools raw, ClusterSettings cluster, StackLayout layout,
                                             long events) throws Exception {
        int rounds = options.integrityOwnJvmRounds();
        List<IntegrityOwnJvm.Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            progress.step(String.format("integrity in its own JVM, round %d of %d: ConsumerPerformance, then a "
                    + "catch-up on %,d records into an empty store", round, rounds, events));
            IntegrityOwnJvm.Round result = IntegrityOwnJvm.run(raw, cluster, layout.data("integrity-own-jvm-" + round),
                    events);
            progress.step(String.format("  %,.0f leaves/s beside %,.0f records/s (%.2f); CPU %.2f µs a leaf: %s",
                    result.leavesPerSecond(), result.consumerPerSecond(), result.ratio(),
                    result.cpuMicrosPerLeafInAll(), result.cpuSummary()));
            results.add(result);
        }
        List<IntegrityOwnJvm.Round> byRatio = results.stream()
                .sorted(Comparator.comparingDouble(IntegrityOwnJvm.Round::ratio)).toList();
        IntegrityOwnJvm.Round median = byRatio.get(byRatio.size() / 2);
        return StageResult.throughput("integrity, own JVM (median of " + rounds + ")", median.leavesPerSecond(),
                "leaves/s", "ConsumerPerformance right before", median.consumerPerSecond(), Map.of(
                        "roundRatios", results.stream().map(r -> round2(r.ratio())).toList(),
                        "cpuMicrosPerLeaf", round2(median.cpuMicrosPerLeafInAll()),
                        "cpuByThread", median.cpuSummary()));
    }

    /** p50 and p99 in ms of a timer the service keeps (it publishes those two percentiles). */
    private static double[] serverSidePercentiles(io.micrometer.core.instrument.MeterRegistry metrics, String timer) {
        var snapshot = metrics.get(timer).timer().takeSnapshot();
        double[] result = new double[2];
        for (var p : snapshot.percentileValues()) {
            if (p.percentile() == 0.5) {
                result[0] = p.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            } else if (p.percentile() == 0.99) {
                result[1] = p.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return result;
    }

    /** {@code busyCores}: the machine's busy cores from the first item done to the last. */
    private record Fold(double perSecond, double startup, Optional<Double> busyCores) {
    }

    private static String busyNote(Optional<Double> busyCores) {
        return busyCores.map(busy -> String.format(" (%.2f of %d cores busy)", busy,
                Runtime.getRuntime().availableProcessors())).orElse("");
    }

    /** A stage's details with how busy the machine was while it was measured, when that is known. */
    private static Map<String, Object> withBusyCores(Map<String, ?> details, Optional<Double> busyCores) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        busyCores.ifPresent(busy -> all.put("busyCores", busy));
        return all;
    }

    /** Rate from the first item done to the last, so start-up time (reported apart) does not dilute it. */
    private Fold measureCatchUp(String what, java.util.function.LongSupplier done, long target) throws InterruptedException {
        long started = System.nanoTime();
        progress.awaitCount(what + " start", () -> done.getAsLong() > 0 ? 1 : 0, 1, 120_000);
        long first = System.nanoTime();
        Optional<MachineLoad.Mark> load = MachineLoad.now();
        long atFirst = done.getAsLong();
        progress.awaitCount(what, done, target, 600_000);
        long last = System.nanoTime();
        return new Fold((target - atFirst) / ((last - first) / 1e9), (first - started) / 1e9,
                MachineLoad.busyCoresSince(load));
    }


    private static long endOffsetsOf(Admin admin, String... topics) {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        long sum = 0;
        for (String topic : topics) {
            sum += provisioner.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        }
        return sum;
    }

    private static long endOffsetsOfTopicsStartingWith(Admin admin, String prefix) throws Exception {
        Set<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
                .collect(Collectors.toSet());
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        long sum = 0;
        for (String topic : topics) {
            sum += provisioner.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        }
        return sum;
    }

    /** The average stored value size, and where some records are, for proof requests. */
    private record LogSample(double averageValueBytes, List<long[]> locations) {
    }

    private LogSample sampleLog(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed", "max.poll.records", 5000), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, Topics.EVENTS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long bytes = 0;
            long count = 0;
            List<long[]> locations = new ArrayList<>();
            java.util.Random random = new java.util.Random(3);
            while (count < 20_000 && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    bytes += r.value().length;
                    count++;
                    if (random.nextInt(20) == 0 && locations.size() < 1000) {
                        locations.add(new long[] {r.partition(), r.offset()});
                    }
                }
            }
            return new LogSample(count == 0 ? 0 : bytes / (double) count, locations);
        }
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
