package io.veritrail.bench.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: the machine, the sizes, the raw tools' ceilings and every stage beside them. */
public record BenchReport(Instant startedAt, Map<String, Object> machine, Map<String, Object> options,
                          Map<String, Object> rawTools, List<StageResult> stages, double seconds) {

    public static Map<String, Object> thisMachine() {
        Runtime runtime = Runtime.getRuntime();
        return Map.of("cores", runtime.availableProcessors(),
                "memoryGiB", Math.round(osMemoryBytes() / (1024.0 * 1024 * 1024)),
                "java", System.getProperty("java.vm.name") + " " + Runtime.version(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static long osMemoryBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    public void printTable(PrintStream out) {
        out.printf(Locale.ROOT, "%nVeritrail benchmark, %s, %s cores, %s GiB, %s%n", startedAt, machine.get("cores"),
                machine.get("memoryGiB"), machine.get("java"));
        out.printf(Locale.ROOT, "sizes: %s%n%n", options);
        out.printf(Locale.ROOT, "%-34s %14s %-10s %-38s %14s %7s%n", "stage", "measured", "unit", "raw Kafka tool (same run)",
                "raw", "ratio");
        out.println("-".repeat(122));
        for (StageResult s : stages) {
            out.printf(Locale.ROOT, "%-34s %14s %-10s %-38s %14s %7.2f%n", s.stage(), figure(s.value()), s.unit(),
                    s.baseline(), figure(s.baselineValue()), s.ratio());
            if (!s.details().isEmpty()) {
                out.printf(Locale.ROOT, "%-34s %s%n", "", s.details());
            }
        }
        out.printf(Locale.ROOT, "%nratio: throughput ours/raw; latency raw/ours (1.00 = as fast as bare Kafka). Run took %.0f s.%n",
                seconds);
    }

    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    public void writeJson(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}
