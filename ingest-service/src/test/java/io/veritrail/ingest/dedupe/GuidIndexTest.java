package io.veritrail.ingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.veritrail.service.files.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guid index as the writer and the follower use it: every guid found with its write wherever it is (in memory,
 * being sealed, in a file, merged, after reopening), guids of other forms, what a crash leaves, and an index of the
 * earlier format.
 */
class GuidIndexTest {
    private static final int SEAL_AT = 300;

    @Test
    void everyWriteIsFoundWhereverItIsAndUnknownGuidsAreNot(@TempDir Path dir) {
        Random random = new Random(5);
        Map<String, PriorWrite> written = new LinkedHashMap<>();
        long offset = 0;
        for (int reopen = 0; reopen < 3; reopen++) {
            try (GuidIndex index = new GuidIndex(dir, SEAL_AT, new SimpleMeterRegistry())) {
                for (int write = 0; write < 20; write++) {
                    List<GuidIndex.Placed> placed = new ArrayList<>();
                    int events = 1 + random.nextInt(200);
                    for (int i = 0; i < events; i++, offset++) {
                        String guid = guid(random, offset);
                        PriorWrite prior = prior(random, offset);
                        if (index.find(guid).isEmpty() && !written.containsKey(guid)) {
                            placed.add(new GuidIndex.Placed(GuidIndex.entry(guid, prior.fingerprint(),
                                    prior.requestToken()), prior.partition(), prior.offset()));
                            written.put(guid, prior);
                        }
                    }
                    index.record(placed, Map.of(0, offset));
                    assertAllFound(index, written);
                }
            }
        }
        try (GuidIndex index = new GuidIndex(dir, SEAL_AT, new SimpleMeterRegistry())) {
            assertThat(written.size()).as("enough writes to seal and merge").isGreaterThan(12 * SEAL_AT);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(index.sealedFiles())
                    .extracting(segment -> segment.level()).contains(1));
            assertAllFound(index, written);
            assertThat(index.positions()).isEqualTo(Map.of(0, offset));
            assertThat(index.find(UUID.randomUUID().toString())).isEmpty();
            assertThat(index.find("legacy-id-none")).isEmpty();
        }
    }

    /** Mostly ingest's own writes; now and then a record of another writer, of another form. */
    private static String guid(Random random, long offset) {
        return switch (random.nextInt(40)) {
            case 0 -> "legacy-id-" + offset;
            case 1 -> new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase();
            default -> new UUID(random.nextLong(), random.nextLong()).toString();
        };
    }

    private static PriorWrite prior(Random random, long offset) {
        return switch (random.nextInt(40)) {
            case 0 -> new PriorWrite(random.nextInt(6), offset, "", "");
            case 1 -> new PriorWrite(random.nextInt(6), offset, "not-hex", "not-a-uuid");
            default -> ingestWrite(random, offset);
        };
    }

    private static PriorWrite ingestWrite(Random random, long offset) {
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        return new PriorWrite(random.nextInt(6), offset, HexFormat.of().formatHex(sha),
                new UUID(random.nextLong(), random.nextLong()).toString());
    }

    /** The writer makes a request's entries with its token read once: the same entries as one by one. */
    @Test
    void entriesOfARequestAreTheEntriesMadeOneByOne(@TempDir Path dir) {
        String guid = UUID.randomUUID().toString();
        String fingerprint = "0a".repeat(32);
        try (GuidIndex index = new GuidIndex(dir)) {
            for (String token : List.of(UUID.randomUUID().toString(), "not-a-uuid", "")) {
                GuidIndex.Entry single = GuidIndex.entry(guid, fingerprint, token);
                GuidIndex.Entry ofRequest = index.requestEntries(token).entry(guid, fingerprint);
                assertThat(ofRequest.layout()).isEqualTo(single.layout());
                assertThat(ofRequest.requestToken()).isEqualTo(single.requestToken());
            }
        }
    }

    /**
     * A request's entries are looked up in the sealed files when the request is read, long before the writer asks
     * about them: whatever was sealed, merged or written in between, the writer's answer is the newest write of the
     * guid, exactly as a lookup made at the writer's moment would give.
     */
    @Test
    void aRequestsEarlyLookupInTheFilesIsCompletedByTheWritersLookup(@TempDir Path dir) {
        Random random = new Random(11);
        Map<String, PriorWrite> written = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        List<GuidIndex.Entry> early = new ArrayList<>();
        long offset = 0;
        try (GuidIndex index = new GuidIndex(dir, SEAL_AT, new SimpleMeterRegistry())) {
            while (offset < 14L * SEAL_AT) {
                GuidIndex.RequestEntries request = index.requestEntries(UUID.randomUUID().toString());
                List<GuidIndex.Placed> placed = new ArrayList<>();
                for (int i = 0; i < 100; i++, offset++) {
                    String guid = new UUID(random.nextLong(), random.nextLong()).toString();
                    early.add(request.entry(guid, "0b".repeat(32)));
                    PriorWrite prior = ingestWrite(random, offset);
                    placed.add(new GuidIndex.Placed(GuidIndex.entry(guid, prior.fingerprint(), prior.requestToken()),
                            prior.partition(), prior.offset()));
                    written.put(guid, prior);
                    order.add(guid);
                }
                // Guids written earlier too: these the request's own search finds, once their file is sealed.
                for (int i = 0; i < 20; i++) {
                    String guid = order.get(random.nextInt(order.size()));
                    early.add(request.entry(guid, "0c".repeat(32)));
                }
                index.record(placed, Map.of(0, offset));
                if (random.nextInt(4) == 0) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> index.unsealed() < SEAL_AT);
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(index.sealedFiles())
                    .extracting(segment -> segment.level()).contains(1));
            assertThat(early).as("some lookups found their guid in the files already")
                    .anyMatch(entry -> entry.files().found() != null);
            for (GuidIndex.Entry entry : early) {
                assertThat(index.find(entry)).as(entry.guid()).contains(written.get(entry.guid()));
            }
            GuidIndex.RequestEntries late = index.requestEntries(UUID.randomUUID().toString());
            assertThat(index.find(late.entry(UUID.randomUUID().toString(), "0d".repeat(32)))).isEmpty();
        }
    }

    @Test
    void twoSpellingsOfAUuidStayTwoGuids(@TempDir Path dir) {
        String lower = UUID.randomUUID().toString();
        try (GuidIndex index = new GuidIndex(dir)) {
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(lower, "a".repeat(64),
                    UUID.randomUUID().toString()), 1, 10)), Map.of());
            assertThat(index.find(lower)).get().extracting(PriorWrite::offset).isEqualTo(10L);
            assertThat(index.find(lower.toUpperCase())).isEmpty();
        }
    }

    /**
     * A crash at any moment leaves files no further than the positions saved with them: what was sealed is found,
     * and the positions are those of the last seal, so the follower reads again what the crash lost.
     */
    @Test
    void aCrashLeavesTheLastSealAndItsPositions(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        Random random = new Random(9);
        Map<String, PriorWrite> sealedWrites = new HashMap<>();
        try (GuidIndex index = new GuidIndex(live, SEAL_AT, new SimpleMeterRegistry())) {
            long offset = 0;
            while (offset < SEAL_AT) {
                String guid = UUID.randomUUID().toString();
                PriorWrite prior = ingestWrite(random, offset);
                index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(guid, prior.fingerprint(),
                        prior.requestToken()), prior.partition(), prior.offset())), Map.of(2, ++offset));
                sealedWrites.put(guid, prior);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> index.sealedFiles().size() == 1
                    && Files.exists(live.resolve("positions")));
            String unsealed = UUID.randomUUID().toString();
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(unsealed, "", ""), 0, 1)), Map.of(2, 1_000L));
            copy(live, crashed);
            try (GuidIndex afterCrash = new GuidIndex(crashed, SEAL_AT, new SimpleMeterRegistry())) {
                assertThat(afterCrash.positions()).isEqualTo(Map.of(2, (long) SEAL_AT));
                assertAllFound(afterCrash, sealedWrites);
                assertThat(afterCrash.find(unsealed)).as("lost with memory; the log is read again for it").isEmpty();
            }
        }
        try (GuidIndex reopened = new GuidIndex(live, SEAL_AT, new SimpleMeterRegistry())) {
            assertThat(reopened.positions()).as("a clean close seals everything").isEqualTo(Map.of(2, 1_000L));
        }
    }

    /** Guids of another form are appended to a file of their own; a record cut short by a crash is dropped. */
    @Test
    void otherGuidsSurviveAndACutRecordIsDropped(@TempDir Path dir) throws Exception {
        try (GuidIndex index = new GuidIndex(dir)) {
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry("legacy-id-7", "", ""), 2, 20),
                    new GuidIndex.Placed(GuidIndex.entry("legacy-id-8", "not-hex", "not-a-uuid"), 4, 43)), Map.of());
        }
        Path file = dir.resolve("other-guids");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.find("legacy-id-7")).contains(new PriorWrite(2, 20, "", ""));
            assertThat(index.find("legacy-id-8")).isEmpty();
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry("legacy-id-9", "x", "y"), 1, 50)), Map.of());
        }
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.find("legacy-id-9")).contains(new PriorWrite(1, 50, "x", "y"));
        }
    }

    /** An index kept in RocksDB by an earlier version is removed at open: the follower reads the log again. */
    @Test
    void aPositionNeverMovesBackAndAReopenedIndexResumesFromTheFurthest(@TempDir Path dir) {
        try (GuidIndex index = new GuidIndex(dir, SEAL_AT, new SimpleMeterRegistry())) {
            // The writer records its own transaction; the follower, resuming, reports where its consumer stood.
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(UUID.randomUUID().toString(), "f", "t"), 1, 40)),
                    Map.of(1, 41L));
            index.record(List.of(), Map.of(0, 7L, 1, 12L));
            assertThat(index.positions()).isEqualTo(Map.of(0, 7L, 1, 41L));
        }
        try (GuidIndex reopened = new GuidIndex(dir, SEAL_AT, new SimpleMeterRegistry())) {
            assertThat(reopened.positions()).isEqualTo(Map.of(0, 7L, 1, 41L));
        }
    }

    @Test
    void anIndexOfTheEarlierFormatIsRemovedSoThatTheLogRebuildsIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("CURRENT"), "MANIFEST-000005\n");
        Files.writeString(dir.resolve("000004.sst"), "a table");
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.positions()).as("read from the beginning of the log again").isEmpty();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("CURRENT", "000004.sst");
        }
    }

    /** Files it cannot read (a damaged file, another layout) make the index start over, not ingest fail to start. */
    @Test
    void anIndexWhoseFilesCannotBeReadStartsOverFromTheLog(@TempDir Path dir) throws Exception {
        try (GuidIndex index = new GuidIndex(dir, 1, new SimpleMeterRegistry())) {
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(UUID.randomUUID().toString(), "", ""), 0, 0)),
                    Map.of(0, 1L));
        }
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("sealed"))) {
            file = files.filter(p -> p.toString().endsWith(".guids")).findFirst().orElseThrow();
        }
        Files.write(file, new byte[] {1, 2, 3});
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.positions()).as("read from the beginning of the log again").isEmpty();
            assertThat(index.sealedFiles()).isEmpty();
        }
    }

    @Test
    void aFailedSealRefusesFurtherWrites(@TempDir Path dir) throws Exception {
        try (GuidIndex index = new GuidIndex(dir, 2, new SimpleMeterRegistry())) {
            Folders.deleteRecursively(dir.resolve("sealed"));
            index.record(List.of(new GuidIndex.Placed(GuidIndex.entry(UUID.randomUUID().toString(), "", ""), 0, 0),
                    new GuidIndex.Placed(GuidIndex.entry(UUID.randomUUID().toString(), "", ""), 0, 1)), Map.of());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> index.record(
                    List.of(), Map.of())).hasMessageContaining("cannot write its files"));
        }
    }

    @Test
    void itsFilesEntriesInMemoryAndSealsAreMetrics(@TempDir Path dir) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (GuidIndex index = new GuidIndex(dir, 10, metrics)) {
            List<GuidIndex.Placed> placed = new ArrayList<>();
            for (int i = 0; i < 13; i++) {
                placed.add(new GuidIndex.Placed(GuidIndex.entry(UUID.randomUUID().toString(), "", ""), 0, i));
            }
            index.record(placed.subList(0, 10), Map.of());
            index.record(placed.subList(10, 13), Map.of());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metrics.get("veritrail.ingest.guid.index.files").gauge().value()).isEqualTo(1.0);
                assertThat(metrics.get("veritrail.ingest.guid.index.unsealed").gauge().value()).isEqualTo(3.0);
                assertThat(metrics.get("veritrail.ingest.guid.index.seal").timer().count()).isEqualTo(1);
            });
        }
    }

    private static void assertAllFound(GuidIndex index, Map<String, PriorWrite> written) {
        written.forEach((guid, prior) -> assertThat(index.find(guid)).as(guid).contains(prior));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }
}
