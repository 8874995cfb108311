package io.veritrail.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How many of the machine's cores were busy between two moments, from Linux's {@code /proc/stat}. A rate measured on
 * a shared machine says little without it: a stage at 1.9 busy cores of 2 is limited by CPU (only less work per item
 * makes it faster), one at 1.2 waits on something (a lock, a round trip, one busy thread). Counts every process, the
 * broker and the kernel included. Empty where there is no {@code /proc/stat}.
 */
public final class MachineLoad {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Clock ticks since boot, all cores together: busy ones, and all of them. */
    public record Mark(long busy, long total) {
    }

    private MachineLoad() {
    }

    public static Optional<Mark> now() {
        try (var lines = Files.lines(PROC_STAT)) {
            return lines.findFirst().flatMap(MachineLoad::parse);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The summary line {@code cpu user nice system idle iowait irq softirq steal ...}: idle and iowait are the ticks
     * no core worked; steal (taken by the hypervisor) counts as neither busy nor available.
     */
    static Optional<Mark> parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            return Optional.empty();
        }
        long busy = 0;
        long idle = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            long ticks = Long.parseLong(fields[i]);
            switch (i) {
                case 4, 5 -> idle += ticks;
                case 8 -> { }
                default -> busy += ticks;
            }
        }
        return Optional.of(new Mark(busy, busy + idle));
    }

    /** Busy cores on average from the mark to now, on this machine's cores. */
    public static Optional<Double> busyCoresSince(Optional<Mark> from) {
        return busyCores(from, now(), Runtime.getRuntime().availableProcessors());
    }

    /** Busy cores on average between the two marks (0 to {@code cores}); empty when either mark is missing. */
    public static Optional<Double> busyCores(Optional<Mark> from, Optional<Mark> to, int cores) {
        if (from.isEmpty() || to.isEmpty() || to.get().total() <= from.get().total()) {
            return Optional.empty();
        }
        double share = (to.get().busy() - from.get().busy()) / (double) (to.get().total() - from.get().total());
        return Optional.of(Math.round(share * cores * 100) / 100.0);
    }
}
