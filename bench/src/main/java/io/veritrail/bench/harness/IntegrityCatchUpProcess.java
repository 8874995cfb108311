package io.veritrail.bench.harness;

import io.veritrail.integrity.IntegrityApp;
import io.veritrail.integrity.IntegrityConfig;
import io.veritrail.service.config.ClusterSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The main of a JVM started for one catch-up of the integrity service ({@link IntegrityOwnJvm}): starts the service,
 * waits for its first leaf, then for the last, and prints one line, {@code leaves/s <rate> us/leaf <kind>=<µs>;...},
 * the CPU of this JVM's threads by kind between the two, per leaf. Timed in here, not from outside, because outside
 * the service's progress shows only over HTTP, and every answer would be work in the JVM being measured.
 * Arguments: bootstrap servers, registry URL, state folder, leaves to wait for.
 */
public final class IntegrityCatchUpProcess {
    static final String RESULT = "leaves/s ";
    static final String CPU = " us/leaf ";
    private static final long WAIT_MILLIS = 600_000;

    private IntegrityCatchUpProcess() {
    }

    public static void main(String[] args) throws Exception {
        long target = Long.parseLong(args[3]);
        long self = ProcessHandle.current().pid();
        try (IntegrityApp app = IntegrityApp.start(IntegrityConfig.defaults(new ClusterSettings(args[0], args[1]), 0,
                Path.of(args[2])))) {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (app.leaves() == 0) {
                Thread.sleep(1);
                failAfter(deadline, app, target);
            }
            long first = System.nanoTime();
            long atFirst = app.leaves();
            Optional<ThreadCpu.Snapshot> before = ThreadCpu.of(self);
            while (app.leaves() < target) {
                Thread.sleep(5);
                failAfter(deadline, app, target);
            }
            long last = System.nanoTime();
            Optional<ThreadCpu.Snapshot> after = ThreadCpu.of(self);
            long measured = target - atFirst;
            if (measured <= 0) {
                throw new IllegalStateException("all " + target + " leaves were in the first commit seen: too few to time");
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s%.0f%s", RESULT,
                    measured / ((last - first) / 1e9), CPU));
            if (before.isPresent() && after.isPresent()) {
                for (Map.Entry<String, Double> kind : ThreadCpu.secondsByKind(before.get(), after.get()).entrySet()) {
                    line.append(kind.getKey()).append('=')
                            .append(String.format(Locale.ROOT, "%.3f", kind.getValue() * 1e6 / measured)).append(';');
                }
            }
            System.out.println(line);
        }
        // Kafka's and RocksDB's threads can outlive the close by seconds; the parent has its figure.
        System.exit(0);
    }

    private static void failAfter(long deadline, IntegrityApp app, long target) {
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("only " + app.leaves() + " of " + target + " leaves after "
                    + WAIT_MILLIS / 1000 + " s");
        }
    }
}
