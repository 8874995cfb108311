package io.veritrail.service.guids;

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
    /** Entries as integrity keeps them: guid, partition, offset. */
    private static final int FIELDS = 4;

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
        GuidRuns.Builder builder = new GuidRuns.Builder(FIELDS);
        Map<long[], long[]> expected = new TreeMap<>(UNSIGNED);
        for (int i = 0; i < picks.size(); i++) {
            long[] g = guid(picks.get(i));
            builder.add(new long[] {g[0], g[1], i % 6, i});
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
            GuidRuns.Builder builder = new GuidRuns.Builder(FIELDS);
            for (int pick : picks) {
                long[] g = guid(pick);
                builder.add(new long[] {g[0], g[1], pick % 6, offset});
                expected.put(g, new long[] {g[0], g[1], pick % 6, offset});
                offset++;
            }
            runs.add(builder.isEmpty() ? new long[0] : builder.sortedRun());
        }
        List<List<Long>> merged = new ArrayList<>();
        GuidRuns.merge(runs, FIELDS, (run, at) -> merged.add(List.of(run.get(at), run.get(at + 1), run.get(at + 2),
                run.get(at + 3))));
        assertThat(merged).containsExactlyElementsOf(flatten(expected));
        for (long[] entry : expected.values()) {
            long[] found = runs.reversed().stream().filter(run -> GuidRuns.find(run, FIELDS, entry[0], entry[1]) >= 0)
                    .findFirst().orElseThrow();
            int at = GuidRuns.find(found, FIELDS, entry[0], entry[1]);
            assertThat(new long[] {found[at + 2], found[at + 3]}).containsExactly(entry[2], entry[3]);
        }
    }

    private static List<List<Long>> entries(long[] run) {
        List<List<Long>> out = new ArrayList<>();
        for (int at = 0; at < run.length; at += FIELDS) {
            out.add(List.of(run[at], run[at + 1], run[at + 2], run[at + 3]));
        }
        return out;
    }

    private static List<List<Long>> flatten(Map<long[], long[]> expected) {
        return expected.values().stream().map(e -> List.of(e[0], e[1], e[2], e[3])).toList();
    }
}
