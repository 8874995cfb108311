package io.veritrail.service.guids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sealed guid files against a sorted map that took the same entries in the same order. */
class GuidSegmentsTest {
    private static final Comparator<long[]> UNSIGNED = (a, b) -> {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    };

    /** Integrity's layout (four longs, no filter) and a wider one with a filter, as ingest keeps. */
    @ParameterizedTest
    @CsvSource({"4, false", "7, true"})
    void everyGuidAnswersItsLatestEntryThroughSealsMergesAndReopening(int fields, boolean filtered, @TempDir Path dir) {
        Random random = new Random(7);
        Map<long[], long[]> expected = new TreeMap<>(UNSIGNED);
        List<long[]> seen = new ArrayList<>();
        long run = 0;
        long offset = 0;
        try (GuidSegments files = GuidSegments.open(dir, fields, filtered, "test")) {
            for (int seal = 0; seal < 25; seal++) {
                List<long[]> runs = new ArrayList<>();
                long firstRun = run;
                for (int r = 0; r < 1 + random.nextInt(3); r++, run++) {
                    GuidRuns.Builder builder = new GuidRuns.Builder(fields);
                    for (int i = 0; i < 50 + random.nextInt(200); i++, offset++) {
                        // About one guid in ten comes back later, in this run or a later seal.
                        long[] guid = !seen.isEmpty() && random.nextInt(10) == 0 ? seen.get(random.nextInt(seen.size()))
                                : new long[] {random.nextLong(), random.nextLong()};
                        seen.add(guid);
                        long[] entry = new long[fields];
                        entry[0] = guid[0];
                        entry[1] = guid[1];
                        for (int f = 2; f < fields; f++) {
                            entry[f] = offset * fields + f;
                        }
                        builder.add(entry);
                        expected.put(guid, entry);
                    }
                    runs.add(builder.sortedRun());
                }
                files.seal(runs, firstRun, run - 1);
                assertThat(files.lastSealedRun()).isEqualTo(run - 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(files.segments())
                    .extracting(GuidSegments.Segment::level).containsExactly(1, 1, 0, 0, 0, 0, 0));
            assertThat(files.segments()).allSatisfy(segment ->
                    assertThat(segment.filter().limit() > 0).isEqualTo(filtered));
            assertAnswers(files, fields, expected);
            assertThat(files.find(random.nextLong(), random.nextLong(), new long[fields])).isFalse();
        }
        try (GuidSegments reopened = GuidSegments.open(dir, fields, filtered, "test")) {
            assertThat(reopened.segments()).hasSize(7);
            assertThat(reopened.lastSealedRun()).isEqualTo(run - 1);
            assertAnswers(reopened, fields, expected);
        }
    }

    /**
     * Where ten files of a level do not fit one merged file, as many of the oldest as fit are merged; files too big to
     * merge with another stay, and every guid is still found.
     */
    @Test
    void aLevelWhoseFilesDoNotAllFitOneFileMergesAsManyAsFit(@TempDir Path dir) {
        Random random = new Random(3);
        Map<long[], long[]> expected = new TreeMap<>(UNSIGNED);
        // Each seal 100 entries of 2 longs (1,600 bytes); a merged file holds at most about five of them.
        try (GuidSegments files = GuidSegments.open(dir, 2, false, "test", 8 * (8 + 1_000) + 100)) {
            for (int seal = 0; seal < 40; seal++) {
                GuidRuns.Builder builder = new GuidRuns.Builder(2);
                for (int i = 0; i < 100; i++) {
                    long[] entry = {random.nextLong(), random.nextLong()};
                    builder.add(entry);
                    expected.put(entry, entry);
                }
                files.seal(List.of(builder.sortedRun()), seal, seal);
            }
            // Forty seals: the five oldest level-0 files merged whenever ten wait (seven times, five left); two
            // level-1 files never fit one, so they stay.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(files.segments())
                    .extracting(GuidSegments.Segment::level).containsExactly(1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0));
            assertThat(files.segments()).allSatisfy(segment -> assertThat(segment.count()).isLessThanOrEqualTo(500));
            assertAnswers(files, 2, expected);
        }
    }

    /** The filter lets through a few absent guids (a search then says no), never stops a present one. */
    @Test
    void aFilteredFileSearchesForFewAbsentGuids(@TempDir Path dir) {
        Random random = new Random(11);
        GuidRuns.Builder builder = new GuidRuns.Builder(2);
        for (int i = 0; i < 20_000; i++) {
            builder.add(new long[] {random.nextLong(), random.nextLong()});
        }
        long[] run = builder.sortedRun();
        try (GuidSegments files = GuidSegments.open(dir, 2, true, "test")) {
            files.seal(List.of(run), 0, 0);
            GuidSegments.Segment segment = files.segments().getFirst();
            for (int at = 0; at < run.length; at += 2) {
                assertThat(GuidFilter.mayContain(segment.filter(), run[at], run[at + 1])).isTrue();
            }
            int letThrough = 0;
            for (int i = 0; i < 100_000; i++) {
                if (GuidFilter.mayContain(segment.filter(), random.nextLong(), random.nextLong())) {
                    letThrough++;
                }
            }
            // Ten bits a guid, six of them in one cache line: about 1 % in theory; 3 % would mean a broken hash.
            assertThat(letThrough).isBetween(100, 3_000);
        }
    }

    /** Files integrity wrote before files had filters: four longs of header, four-long entries. */
    @Test
    void filesOfTheFirstFormatAreStillRead(@TempDir Path dir) throws Exception {
        long[] run = {1, 2, 3, 40, 5, 6, 0, 70};
        ByteBuffer bytes = ByteBuffer.allocate(8 * (4 + run.length)).putLong(0x565447554944_3031L).putLong(2)
                .putLong(0).putLong(0);
        bytes.asLongBuffer().put(run);
        Files.write(dir.resolve(String.format("L0-%019d-%019d.guids", 0, 0)), bytes.array());
        try (GuidSegments files = GuidSegments.open(dir, 4, false, "test")) {
            long[] entry = new long[4];
            assertThat(files.find(5, 6, entry)).isTrue();
            assertThat(entry).containsExactly(5, 6, 0, 70);
            assertThat(files.find(1, 2, entry)).isTrue();
            assertThat(entry).containsExactly(1, 2, 3, 40);
            assertThat(files.find(1, 3, entry)).isFalse();
            assertThat(files.lastSealedRun()).isZero();
        }
    }

    /** What a crash can leave: a half-written temporary file, and the inputs of a merge whose output is in place. */
    @Test
    void openingRemovesTemporaryFilesAndFilesAMergedFileCovers(@TempDir Path dir) throws Exception {
        Path merged = dir.resolve("merged");
        Path inputs = dir.resolve("inputs");
        Random random = new Random(1);
        try (GuidSegments files = GuidSegments.open(merged, 4, true, "test");
             GuidSegments single = GuidSegments.open(inputs, 4, true, "test")) {
            for (int seal = 0; seal < GuidSegments.MERGE_WIDTH; seal++) {
                GuidRuns.Builder builder = new GuidRuns.Builder(4);
                builder.add(new long[] {random.nextLong(), random.nextLong(), 0, seal});
                files.seal(List.of(builder.sortedRun()), seal, seal);
                if (seal == 3) {
                    single.seal(List.of(builder.sortedRun()), seal, seal);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> files.segments().size() == 1);
        }
        Path leftOver = inputs.resolve(String.format("L0-%019d-%019d.guids", 3, 3));
        Files.copy(leftOver, merged.resolve(leftOver.getFileName()));
        Files.writeString(merged.resolve("L0-0000000000000000010-0000000000000000010.guids.tmp"), "cut short");
        try (GuidSegments reopened = GuidSegments.open(merged, 4, true, "test")) {
            assertThat(reopened.segments()).singleElement().satisfies(segment -> {
                assertThat(segment.level()).isEqualTo(1);
                assertThat(segment.count()).isEqualTo(GuidSegments.MERGE_WIDTH);
            });
        }
        try (var left = Files.list(merged)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactly(String.format("L1-%019d-%019d.guids", 0, GuidSegments.MERGE_WIDTH - 1));
        }
    }

    private static void assertAnswers(GuidSegments files, int fields, Map<long[], long[]> expected) {
        long[] found = new long[fields];
        expected.forEach((guid, entry) -> {
            assertThat(files.find(guid[0], guid[1], found)).isTrue();
            assertThat(found).containsExactly(entry);
        });
    }
}
