package io.veritrail.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools, run as separate JVMs from the broker's classpath against the benchmark's
 * broker: the ceilings each Veritrail stage is compared with.
 */
public final class RawKafkaTools {
    /** A summary line; with warm-up records the tool prints a second one, marked "steady state", for the rest. */
    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency.*?"
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");
    /**
     * The raw consumer reads committed records only, as the integrity service must: the broker's read path for
     * them (bounded by the last stable offset, with the aborted transactions collected) is then compiled and run
     * for the raw tool as it is for the service.
     */
    private static final String READ_COMMITTED = "isolation.level=read_committed";
    private static final Pattern E2E_PERCENTILES = Pattern.compile("50th = (\\d+), 99th = (\\d+)");

    private final Path classpath;
    private final String bootstrap;

    public RawKafkaTools(Path classpath, String bootstrap) {
        this.classpath = classpath;
        this.bootstrap = bootstrap;
    }

    /** Records per second and latency percentiles of the raw producer. */
    public record ProducerFigures(double recordsPerSecond, double mbPerSecond, double p50Millis, double p99Millis) {
    }

    /**
     * The raw producer's figures over the records after the first {@code warmupRecords} (its steady state, as the
     * tool itself reports it), so that it is compared with a stage measured after the same warm-up.
     */
    public ProducerFigures producerPerformance(String topic, int records, int recordSize, int warmupRecords)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance", "--bootstrap-server",
                bootstrap, "--topic", topic, "--num-records", Integer.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1"));
        if (warmupRecords > 0) {
            command.addAll(List.of("--warmup-records", Integer.toString(warmupRecords)));
        }
        command.addAll(List.of("--command-property", "acks=all", "enable.idempotence=true", "linger.ms=5",
                "batch.size=65536", "compression.type=lz4"));
        String out = run(command);
        Matcher m = PRODUCER.matcher(out);
        Matcher summary = null;
        while (m.find()) {
            if (summary == null || m.group(2) != null || summary.group(2) == null) {
                summary = PRODUCER.matcher(m.group());
                summary.find();
            }
        }
        if (summary == null || (warmupRecords > 0 && summary.group(2) == null)) {
            throw new IllegalStateException("cannot read ProducerPerformance output:\n" + out);
        }
        return new ProducerFigures(Double.parseDouble(summary.group(3)), Double.parseDouble(summary.group(4)),
                Double.parseDouble(summary.group(6)), Double.parseDouble(summary.group(8)));
    }

    /**
     * The raw consumer's rate once warm: its cumulative counts every 250 ms ({@code --show-detailed-stats}), from
     * the first report past a tenth of the records to the last report. A fresh ConsumerPerformance fetches its first
     * hundred thousand or so records at a fraction of its later rate (its JVM compiling), so its whole-run figure is
     * a cold figure, comparable with a cold catch-up only. Empty when the run is too short for two reports past its
     * first tenth (a {@code --quick} run).
     */
    public OptionalDouble consumerPerformanceSteadyState(String topic, int records)
            throws IOException, InterruptedException {
        String interval = records >= 500_000 ? "250" : "50";
        String out = run(List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(records), "--timeout", "60000",
                "--show-detailed-stats", "--reporting-interval", interval, "--command-property", READ_COMMITTED));
        // Each report: time (yyyy-MM-dd HH:mm:ss:SSS), threadId, MB so far, MB/s, records so far, records/s, ...
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss:SSS");
        long fromMillis = -1;
        long fromCount = 0;
        long toMillis = -1;
        long toCount = 0;
        for (String line : out.split("\n")) {
            String[] cols = line.split(",\\s*");
            if (cols.length < 6 || !cols[4].trim().matches("\\d+")) {
                continue;
            }
            long millis = java.time.LocalDateTime.parse(cols[0].trim(), time).toInstant(java.time.ZoneOffset.UTC)
                    .toEpochMilli();
            long count = Long.parseLong(cols[4].trim());
            if (fromMillis < 0 && count >= records / 10) {
                fromMillis = millis;
                fromCount = count;
            }
            toMillis = millis;
            toCount = count;
        }
        if (fromMillis < 0 || toMillis <= fromMillis) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((toCount - fromCount) / ((toMillis - fromMillis) / 1000.0));
    }

    /** Records per second of the raw consumer while fetching (its group rebalance time left out). */
    public double consumerPerformance(String topic, int records) throws IOException, InterruptedException {
        String out = run(List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(records), "--timeout", "60000",
                "--command-property", READ_COMMITTED));
        // Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        //         rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        for (String line : out.split("\n")) {
            String[] cols = line.split(",\\s*");
            if (cols.length >= 10 && cols[4].trim().matches("\\d+")) {
                return Double.parseDouble(cols[9].trim());
            }
        }
        throw new IllegalStateException("cannot read ConsumerPerformance output:\n" + out);
    }

    /** p50 and p99 in ms of Kafka's produce-then-consume round trip, one record at a time, acks=all. */
    public double[] endToEndLatency(String topic, int records, int recordSize) throws IOException, InterruptedException {
        String out = run(List.of("org.apache.kafka.tools.EndToEndLatency", bootstrap, topic, Integer.toString(records),
                "all", Integer.toString(recordSize)));
        Matcher m = E2E_PERCENTILES.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read EndToEndLatency output:\n" + out);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private String run(List<String> toolAndArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", classpath + "/*"));
        command.addAll(toolAndArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(toolAndArgs.getFirst() + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
