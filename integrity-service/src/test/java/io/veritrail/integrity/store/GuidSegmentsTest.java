package io.veritrail.integrity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** The sealed guid files against a sorted map that took the same entries in the same order. */
class GuidSegmentsTest {
    private static final Comparator<long[]> UNSIGNED = (a, b) -> {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    };

    @Test
    void everyGuidAnswersItsLatestPlaceThroughSealsMergesAndReopening(@TempDir Path dir) {
        Random random = new Random(7);
        Map<long[], IntegrityStore.Location> expected = new TreeMap<>(UNSIGNED);
        List<long[]> seen = new ArrayList<>();
        long run = 0;
        long offset = 0;
        try (GuidSegments files = GuidSegments.open(dir)) {
            for (int seal = 0; seal < 25; seal++) {
                List<long[]> runs = new ArrayList<>();
                long firstRun = run;
                for (int r = 0; r < 1 + random.nextInt(3); r++, run++) {
                    GuidRuns.Builder builder = new GuidRuns.Builder();
                    for (int i = 0; i < 50 + random.nextInt(200); i++, offset++) {
                        // About one guid in ten comes back later, in this run or a later seal.
                        long[] guid = !seen.isEmpty() && random.nextInt(10) == 0 ? seen.get(random.nextInt(seen.size()))
                                : new long[] {random.nextLong(), random.nextLong()};
                        seen.add(guid);
                        int partition = random.nextInt(6);
                        builder.add(guid[0], guid[1], partition, offset);
                        expected.put(guid, new IntegrityStore.Location(partition, offset));
                    }
                    runs.add(builder.sortedRun());
                }
                files.seal(runs, firstRun, run - 1);
                assertThat(files.lastSealedRun()).isEqualTo(run - 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(files.segments())
                    .extracting(GuidSegments.Segment::level).containsExactly(1, 1, 0, 0, 0, 0, 0));
            assertAnswers(files, expected);
            assertThat(files.find(random.nextLong(), random.nextLong())).isEmpty();
        }
        try (GuidSegments reopened = GuidSegments.open(dir)) {
            assertThat(reopened.segments()).hasSize(7);
            assertThat(reopened.lastSealedRun()).isEqualTo(run - 1);
            assertAnswers(reopened, expected);
        }
    }

    /** What a crash can leave: a half-written temporary file, and the inputs of a merge whose output is in place. */
    @Test
    void openingRemovesTemporaryFilesAndFilesAMergedFileCovers(@TempDir Path dir) throws Exception {
        Path merged = dir.resolve("merged");
        Path inputs = dir.resolve("inputs");
        Random random = new Random(1);
        try (GuidSegments files = GuidSegments.open(merged); GuidSegments single = GuidSegments.open(inputs)) {
            for (int seal = 0; seal < GuidSegments.MERGE_WIDTH; seal++) {
                GuidRuns.Builder builder = new GuidRuns.Builder();
                builder.add(random.nextLong(), random.nextLong(), 0, seal);
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
        try (GuidSegments reopened = GuidSegments.open(merged)) {
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

    private static void assertAnswers(GuidSegments files, Map<long[], IntegrityStore.Location> expected) {
        expected.forEach((guid, place) -> assertThat(files.find(guid[0], guid[1])).contains(place));
    }
}
