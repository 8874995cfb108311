package io.veritrail.integrity.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The sorted runs against a sorted map that takes the same puts in the same order. */
class GuidRunsTest {
    /** Guids drawn from a small pool (so that some repeat) of values spread over the whole unsigned range. */
    private static long[] guid(int pick) {
        return new long[] {(pick % 7) * 0x2545F4914F6CDD1DL, pick * 0x9E3779B97F4A7C15L};
    }

    private static final Comparator<long[]> UNSIGNED = (a, b) -> {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    };

    @Property
    void aRunIsSortedByGuidAndKeepsTheLaterOfEqualGuids(@ForAll @Size(max = 300) List<@IntRange(max = 150) Integer> picks) {
        GuidRuns.Builder builder = new GuidRuns.Builder();
        Map<long[], long[]> expected = new TreeMap<>(UNSIGNED);
        for (int i = 0; i < picks.size(); i++) {
            long[] g = guid(picks.get(i));
            builder.add(g[0], g[1], i % 6, i);
            expected.put(g, new long[] {g[0], g[1], i % 6, i});
        }
        if (picks.isEmpty()) {
            assertThat(builder.isEmpty()).isTrue();
            return;
        }
        assertThat(entries(builder.sortedRun())).containsExactlyElementsOf(flatten(expected));
    }

    @Property
    void aMergeOfRunsIsEveryGuidOnceAndTheLatestRunWins(
            @ForAll @Size(max = 12) List<@Size(max = 60) List<@IntRange(max = 200) Integer>> runPicks) {
        List<long[]> runs = new ArrayList<>();
        Map<long[], long[]> expected = new TreeMap<>(UNSIGNED);
        long offset = 0;
        for (List<Integer> picks : runPicks) {
            GuidRuns.Builder builder = new GuidRuns.Builder();
            for (int pick : picks) {
                long[] g = guid(pick);
                builder.add(g[0], g[1], pick % 6, offset);
                expected.put(g, new long[] {g[0], g[1], pick % 6, offset});
                offset++;
            }
            runs.add(builder.isEmpty() ? new long[0] : builder.sortedRun());
        }
        List<List<Long>> merged = new ArrayList<>();
        GuidRuns.merge(runs, (high, low, partition, at) -> merged.add(List.of(high, low, (long) partition, at)));
        assertThat(merged).containsExactlyElementsOf(flatten(expected));
        for (long[] entry : expected.values()) {
            Object found = runs.reversed().stream().map(run -> GuidRuns.find(run, entry[0], entry[1]))
                    .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
            assertThat(found).isEqualTo(new IntegrityStore.Location((int) entry[2], entry[3]));
        }
    }

    private static List<List<Long>> entries(long[] run) {
        List<List<Long>> out = new ArrayList<>();
        for (int at = 0; at < run.length; at += GuidRuns.FIELDS) {
            out.add(List.of(run[at], run[at + 1], run[at + 2], run[at + 3]));
        }
        return out;
    }

    private static List<List<Long>> flatten(Map<long[], long[]> expected) {
        return expected.values().stream().map(e -> List.of(e[0], e[1], e[2], e[3])).toList();
    }
}
