package io.veritrail.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void aThreadsTicksAreItsUserAndSystemTimeCountedAfterItsNameWhateverTheNameHolds() {
        String stat = "4242 (C2 (Compiler) 1) R 1 4200 4200 0 -1 4194368 311 0 0 0 170 23 0 0 20 0 52 0 987 0 0";
        assertThat(ThreadCpu.parse(stat)).contains(new ThreadCpu.Ticks("C2 (Compiler) 1", 170 + 23));
        assertThat(ThreadCpu.parse("4242 no name here")).isEmpty();
        assertThat(ThreadCpu.parse("4242 (short) R 1 2")).isEmpty();
    }

    @Test
    void threadsOfOneKindAreSummedAndOnlyTheTimeBetweenTheSnapshotsCounts() {
        ThreadCpu.Snapshot before = new ThreadCpu.Snapshot(Map.of(
                1L, new ThreadCpu.Ticks("GC Thread#0", 100),
                2L, new ThreadCpu.Ticks("GC Thread#1", 50),
                3L, new ThreadCpu.Ticks("integrity-writer", 10)));
        ThreadCpu.Snapshot after = new ThreadCpu.Snapshot(Map.of(
                1L, new ThreadCpu.Ticks("GC Thread#0", 130),
                2L, new ThreadCpu.Ticks("GC Thread#1", 70),
                3L, new ThreadCpu.Ticks("integrity-writer", 210),
                4L, new ThreadCpu.Ticks("rocksdb:low-2", 5)));

        assertThat(ThreadCpu.secondsByKind(before, after)).containsExactly(entry("GC Thread", 0.5),
                entry("integrity-writer", 2.0), entry("rocksdb:low", 0.05));
    }
}
