package io.veritrail.bench.harness;

import io.veritrail.deploy.stack.LocalStack;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The integrity service catching up from offset 0 as the stack deploys it, in a JVM of its own with the stack's heap
 * and flags, right after a {@code ConsumerPerformance} run (a fresh JVM too): both start with nothing compiled. The
 * benchmark's first catch-up runs in the benchmark's JVM, where the stages before it have compiled part of the Kafka
 * client's code already. Each round also gives the service's CPU per leaf by kind of thread.
 */
final class IntegrityOwnJvm {
    /** One round: the service's rate, the raw consumer's right before, and microseconds of CPU a leaf by thread kind. */
    record Round(double leavesPerSecond, double consumerPerSecond, Map<String, Double> cpuMicrosPerLeaf) {
        double ratio() {
            return leavesPerSecond / consumerPerSecond;
        }

        double cpuMicrosPerLeafInAll() {
            return cpuMicrosPerLeaf.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The kinds of thread that took at least 0.05 µs a leaf, most first. */
        String cpuSummary() {
            return cpuMicrosPerLeaf.entrySet().stream().filter(kind -> kind.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(kind -> String.format(Locale.ROOT, "%s %.2f", kind.getKey(), kind.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    private IntegrityOwnJvm() {
    }

    static Round run(RawKafkaTools raw, ClusterSettings cluster, Path stateDir, long leaves) throws Exception {
        double consumer = raw.consumerPerformance(Topics.EVENTS, Math.toIntExact(leaves));
        List<String> command = LocalStack.javaCommandLike("integrity", List.of("-cp",
                System.getProperty("java.class.path"), IntegrityCatchUpProcess.class.getName(),
                cluster.bootstrapServers(), cluster.registryUrl(), stateDir.toString(), Long.toString(leaves)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the integrity catch-up in its own JVM failed:\n" + output);
        }
        return parse(output, consumer);
    }

    /** The child's result line ({@link IntegrityCatchUpProcess}) among its log lines. */
    static Round parse(String output, double consumerPerSecond) {
        String line = output.lines().filter(l -> l.startsWith(IntegrityCatchUpProcess.RESULT)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result from the integrity catch-up:\n" + output));
        int cpu = line.indexOf(IntegrityCatchUpProcess.CPU);
        double rate = Double.parseDouble(line.substring(IntegrityCatchUpProcess.RESULT.length(), cpu));
        Map<String, Double> micros = new LinkedHashMap<>();
        for (String kind : line.substring(cpu + IntegrityCatchUpProcess.CPU.length()).split(";")) {
            int equals = kind.lastIndexOf('=');
            if (equals > 0) {
                micros.put(kind.substring(0, equals), Double.parseDouble(kind.substring(equals + 1)));
            }
        }
        return new Round(rate, consumerPerSecond, micros);
    }
}
