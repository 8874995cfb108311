package io.veritrail.cli;

import io.veritrail.bench.harness.BenchOptions;
import io.veritrail.bench.harness.BenchRun;
import io.veritrail.bench.harness.TimeTravelRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Measures every stage beside the raw Kafka tools, in one run, on a broker and registry of its own",
        "(separate ports and folder: a running stack is not touched). Prints a table and writes JSON and a PNG",
        "chart to <work-dir>/bench/results. With --jmh, runs the JMH microbenchmarks of the pure core instead."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A smaller run (about a minute) for a smoke test.")
    boolean quick;

    @Option(names = "--events", description = "Events loaded and replayed (default 1000000; --quick 30000).")
    Integer events;

    @Option(names = "--record-size", defaultValue = "512", description = "Bytes per stored record (${DEFAULT-VALUE}).")
    int recordSize;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic (${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--ingest-clients", defaultValue = "" + BenchOptions.DEFAULT_INGEST_CLIENTS,
            description = "Clients posting batches of 500 to ingest at once, each on its own connection (${DEFAULT-VALUE}).")
    int ingestClients;

    @Option(names = "--integrity-own-jvm", defaultValue = "0", paramLabel = "ROUNDS",
            description = "Also time the integrity service catching up in a JVM of its own, as deployed, ROUNDS times, "
                    + "each beside a ConsumerPerformance run right before, with its CPU per leaf by thread (${DEFAULT-VALUE}).")
    int integrityOwnJvmRounds;

    @Option(names = "--work-dir", defaultValue = "${env:VERITRAIL_WORK_DIR:-.veritrail}",
            description = "Folder under which bench/ keeps runs and results (${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--home", defaultValue = "${sys:veritrail.home:-.}", hidden = true)
    Path home;

    @Option(names = "--jmh", arity = "0..1", fallbackValue = ".*", paramLabel = "REGEX",
            description = "Run the JMH microbenchmarks whose names match REGEX (all if omitted).")
    String jmh;

    @Option(names = "--time-travel", description = "Measure time travel instead: asOf latency on entities with "
            + "500, 5,000 and 50,000 events beside a full replay of each.")
    boolean timeTravel;

    @Override
    public Integer call() throws Exception {
        if (timeTravel) {
            new TimeTravelRun(home, workDir.resolve("bench"), quick ? 50 : 1000, System.out).run();
            return 0;
        }
        if (jmh != null) {
            new Runner(new OptionsBuilder().include("io\\.veritrail\\.bench\\.jmh\\..*" + jmh)
                    .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2)).build()).run();
            return 0;
        }
        Path benchDir = workDir.resolve("bench");
        BenchOptions options = (quick ? BenchOptions.quick(home, benchDir) : BenchOptions.full(home, benchDir))
                .withRecordSize(recordSize).withPartitions(partitions).withIngestClients(ingestClients)
                .withIntegrityOwnJvmRounds(integrityOwnJvmRounds);
        if (events != null) {
            options = options.withEvents(events);
        }
        new BenchRun(options, System.out).run();
        return 0;
    }
}
