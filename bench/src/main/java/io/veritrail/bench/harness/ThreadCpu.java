package io.veritrail.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of one process's threads, from Linux's {@code /proc/<pid>/task/<tid>/stat}, summed by kind of thread: the
 * name without its trailing number ({@code GC Thread#1} and {@code GC Thread#0} are one kind). Where a stage is limited
 * by CPU, what each item costs by thread moves far less between runs than its rate, and says where the time goes.
 * Empty where there is no {@code /proc}.
 */
public final class ThreadCpu {
    /** Linux reports a thread's times in ticks of USER_HZ, 100 a second on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** Each live thread's name and its user plus system ticks so far, by thread id. */
    public record Snapshot(Map<Long, Ticks> threads) {
    }

    public record Ticks(String name, long ticks) {
    }

    private ThreadCpu() {
    }

    public static Optional<Snapshot> of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        Map<Long, Ticks> threads = new HashMap<>();
        try (Stream<Path> listing = Files.list(tasks)) {
            for (Path task : listing.toList()) {
                try {
                    parse(Files.readString(task.resolve("stat")))
                            .ifPresent(thread -> threads.put(Long.parseLong(task.getFileName().toString()), thread));
                } catch (IOException ended) {
                    // The thread ended between the listing and the read: its time since the last snapshot is lost.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(threads));
    }

    /**
     * One {@code stat} line: {@code tid (name) state ppid ...}, user and system ticks the 14th and 15th fields. The
     * name may hold spaces and parentheses, so the fields are counted from the last closing parenthesis.
     */
    static Optional<Ticks> parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            return Optional.empty();
        }
        return Optional.of(new Ticks(stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
    }

    /** Seconds of CPU by kind of thread between two snapshots of one process, kinds in name order. */
    public static Map<String, Double> secondsByKind(Snapshot before, Snapshot after) {
        Map<String, Double> seconds = new TreeMap<>();
        after.threads().forEach((tid, thread) -> {
            Ticks earlier = before.threads().get(tid);
            long ticks = thread.ticks() - (earlier == null ? 0 : earlier.ticks());
            seconds.merge(kind(thread.name()), ticks / TICKS_PER_SECOND, Double::sum);
        });
        return seconds;
    }

    /** A thread's name without its number: {@code GC Thread#1}, {@code rocksdb:low-2}, {@code C1 CompilerThre}. */
    static String kind(String name) {
        return name.replaceAll("[-#]?\\d+$", "");
    }
}
