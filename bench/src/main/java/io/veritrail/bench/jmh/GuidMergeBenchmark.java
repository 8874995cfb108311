package io.veritrail.bench.jmh;

import io.veritrail.integrity.store.IntegrityStore;
import io.veritrail.service.guids.GuidRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The merge at the heart of a guid seal, at the integrity service's sizes: a seal every 262,144 guids, which arrive
 * as one sorted run per poll of up to 2,000 records, so about 131 runs of 4-long entries (guid, partition, offset).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GuidMergeBenchmark {
    private static final int FIELDS = 4;
    /** The integrity follower's largest poll (its {@code max.poll.records}). */
    private static final int ENTRIES_PER_RUN = 2_000;
    private static final int RUNS = IntegrityStore.DEFAULT_SEAL_AT / ENTRIES_PER_RUN;

    private List<long[]> runs;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        runs = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            GuidRuns.Builder run = new GuidRuns.Builder(FIELDS);
            for (int i = 0; i < ENTRIES_PER_RUN; i++) {
                run.add(new long[] {random.nextLong(), random.nextLong(), r % 6, (long) r * ENTRIES_PER_RUN + i});
            }
            runs.add(run.sortedRun());
        }
    }

    /** One merge of the runs into guid order; the score is milliseconds per merge of 262,000 entries. */
    @Benchmark
    public long mergeOneSealOfRuns() {
        long[] checksum = new long[1];
        GuidRuns.merge(runs, FIELDS, (run, at) -> checksum[0] += run.get(at + 3));
        return checksum[0];
    }
}
