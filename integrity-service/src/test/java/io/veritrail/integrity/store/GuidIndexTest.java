package io.veritrail.integrity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import io.veritrail.service.guids.GuidRuns;
import io.veritrail.service.guids.GuidSegments;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guid index as a reader sees it, whichever stage a guid is in: in an unsealed run, sealed into a guid file,
 * merged, before or after the store is reopened, or where earlier versions of the store put it; guids of another
 * form; a guid seen twice.
 */
class GuidIndexTest {
    private static final int SEAL_AT = 5_000;

    @Test
    void everyGuidIsFoundWhereverItIsAndUnknownOnesAreNot(@TempDir Path dir) {
        Random random = new Random(3);
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        Path store = dir.resolve("store");
        long offset = 0;
        for (int reopen = 0; reopen < 4; reopen++) {
            try (IntegrityStore s = IntegrityStore.open(store, SEAL_AT)) {
                int writes = 3 + random.nextInt(5);
                for (int write = 0; write < writes; write++) {
                    try (IntegrityStore.Commit commit = s.newCommit()) {
                        int count = 500 + random.nextInt(1_500);
                        for (int i = 0; i < count; i++) {
                            String guid = random.nextInt(50) == 0 ? "legacy-id-" + offset : new UUID(random.nextLong(),
                                    random.nextLong()).toString();
                            int partition = random.nextInt(6);
                            commit.guid(guidKey("entity-" + i + "/" + guid), partition, offset);
                            guids.add(guid);
                            places.add(new IntegrityStore.Location(partition, offset++));
                        }
                        commit.apply();
                    }
                    assertAllFound(s, guids, places);
                }
            }
        }
        assertThat(guids.size()).as("enough guids to have sealed more than once").isGreaterThan(3 * SEAL_AT);
        try (IntegrityStore s = IntegrityStore.open(store, SEAL_AT)) {
            assertAllFound(s, guids, places);
            assertThat(s.locate(UUID.randomUUID().toString())).isEmpty();
            assertThat(s.locate("no-such-id")).isEmpty();
        }
    }

    @Test
    void aGuidSeenTwiceAnswersItsLaterPlace(@TempDir Path dir) {
        String guid = UUID.randomUUID().toString();
        byte[] key = guidKey("e/" + guid);
        try (IntegrityStore s = IntegrityStore.open(dir.resolve("store"), 2)) {
            try (IntegrityStore.Commit commit = s.newCommit()) {
                commit.guid(key, 1, 10).guid(key, 1, 11).apply();
            }
            assertThat(s.locate(guid)).contains(new IntegrityStore.Location(1, 11));
            try (IntegrityStore.Commit commit = s.newCommit()) {
                commit.guid(key, 2, 12).guid(guidKey("e/" + UUID.randomUUID()), 0, 0).apply();
            }
            assertThat(s.locate(guid)).as("after a seal").contains(new IntegrityStore.Location(2, 12));
        }
    }

    /**
     * Thirty seals make thirty files; the store merges them ten at a time in the background, and every guid is still
     * found afterwards, a guid sealed twice at its later place, also after the store is reopened.
     */
    @Test
    void sealedFilesAreMergedAndLookupsStillAnswer(@TempDir Path dir) {
        Random random = new Random(11);
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        String twice = UUID.randomUUID().toString();
        try (IntegrityStore s = IntegrityStore.open(dir.resolve("store"), 1_000)) {
            long offset = 0;
            for (int seal = 0; seal < 30; seal++) {
                try (IntegrityStore.Commit commit = s.newCommit()) {
                    for (int i = 0; i < 1_000; i++) {
                        String guid = (seal == 0 || seal == 25) && i == 0 ? twice
                                : new UUID(random.nextLong(), random.nextLong()).toString();
                        commit.guid(guidKey("e/" + guid), seal % 6, offset);
                        if (!guid.equals(twice)) {
                            guids.add(guid);
                            places.add(new IntegrityStore.Location(seal % 6, offset));
                        }
                        offset++;
                    }
                    commit.apply();
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(s.guidSegments()).as("guid files after 30 seals").hasSize(3)
                            .allSatisfy(segment -> assertThat(segment.level()).isEqualTo(1)));
            assertAllFound(s, guids, places);
            assertThat(s.locate(twice)).contains(new IntegrityStore.Location(25 % 6, 25_000));
        }
        try (IntegrityStore s = IntegrityStore.open(dir.resolve("store"), 1_000)) {
            assertAllFound(s, guids, places);
            assertThat(s.locate(twice)).contains(new IntegrityStore.Location(25 % 6, 25_000));
        }
    }

    /**
     * A crash after a seal's file was renamed into place but before its runs left the store: at the next open the
     * runs the file holds are dropped, not counted again towards the next seal, and their guids answer from the file.
     */
    @Test
    void runsThatAFileAlreadyHoldsAreDroppedAtOpen(@TempDir Path dir) {
        Path store = dir.resolve("store");
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        List<long[]> runs = new ArrayList<>();
        try (IntegrityStore s = IntegrityStore.open(store, 1_000)) {
            for (int run = 0; run < 3; run++) {
                GuidRuns.Builder copy = new GuidRuns.Builder(4);
                try (IntegrityStore.Commit commit = s.newCommit()) {
                    for (int i = 0; i < 300; i++) {
                        UUID guid = UUID.randomUUID();
                        long offset = 300L * run + i;
                        commit.guid(guidKey("e/" + guid), 2, offset);
                        copy.add(new long[] {guid.getMostSignificantBits(), guid.getLeastSignificantBits(), 2, offset});
                        guids.add(guid.toString());
                        places.add(new IntegrityStore.Location(2, offset));
                    }
                    commit.apply();
                }
                runs.add(copy.sortedRun());
            }
            assertThat(s.guidSegments()).isEmpty();
        }
        try (GuidSegments files = GuidSegments.open(dir.resolve("store-guids"), 4, false, "test")) {
            files.seal(runs, 0, 2);
        }
        try (IntegrityStore s = IntegrityStore.open(store, 1_000)) {
            assertAllFound(s, guids, places);
            try (IntegrityStore.Commit commit = s.newCommit()) {
                for (int i = 0; i < 700; i++) {
                    commit.guid(guidKey("e/" + UUID.randomUUID()), 4, 10_000 + i);
                }
                commit.apply();
            }
            assertAllFound(s, guids, places);
        }
        // Seals run beside the commits; closing waits for one under way, so a seal counted wrongly would show here.
        try (IntegrityStore s = IntegrityStore.open(store, 1_000)) {
            assertThat(s.guidSegments()).as("700 new guids do not reach the seal of 1,000").hasSize(1);
            assertAllFound(s, guids, places);
        }
    }

    /** Guids that an earlier version of the store sealed into its {@code guids} column family still answer. */
    @Test
    void guidsSealedIntoTheColumnFamilyByAnEarlierVersionStillAnswer(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        IntegrityStore.open(store, 100).close();
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             ColumnFamilyOptions family = new ColumnFamilyOptions()
                     .setCompactionStyle(org.rocksdb.CompactionStyle.UNIVERSAL)) {
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(options, store.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, family),
                    new ColumnFamilyDescriptor("guids".getBytes(StandardCharsets.UTF_8), family)), handles)) {
                for (int i = 0; i < 200; i++) {
                    String guid = UUID.randomUUID().toString();
                    db.put(handles.get(1), Keys.guid(guid), ByteBuffer.allocate(12).putInt(i % 6).putLong(i).array());
                    guids.add(guid);
                    places.add(new IntegrityStore.Location(i % 6, i));
                }
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
        try (IntegrityStore s = IntegrityStore.open(store, 100)) {
            try (IntegrityStore.Commit commit = s.newCommit()) {
                for (int i = 0; i < 150; i++) {
                    String guid = UUID.randomUUID().toString();
                    commit.guid(guidKey("e/" + guid), 1, 1_000 + i);
                    guids.add(guid);
                    places.add(new IntegrityStore.Location(1, 1_000 + i));
                }
                commit.apply();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(s.guidSegments()).hasSize(1));
            assertAllFound(s, guids, places);
        }
    }

    /**
     * A store from before the guid index had its own column family kept the guids in the default family: they all
     * still answer beside new seals, and a guid sealed again answers its later place.
     */
    @Test
    void guidsIndexedByAnEarlierVersionOfTheStoreStillAnswer(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        IntegrityStore.open(store, 100).close();
        Random random = new Random(5);
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        String resealed = UUID.randomUUID().toString();
        try (DBOptions options = new DBOptions();
             ColumnFamilyOptions family = new ColumnFamilyOptions()) {
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(options, store.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, family),
                    new ColumnFamilyDescriptor("guids".getBytes(StandardCharsets.UTF_8), family)), handles)) {
                for (int i = 0; i < 200; i++) {
                    String guid = i == 0 ? resealed : new UUID(random.nextLong(), random.nextLong()).toString();
                    db.put(handles.get(0), Keys.guid(guid), ByteBuffer.allocate(12).putInt(i % 6).putLong(i).array());
                    guids.add(guid);
                    places.add(new IntegrityStore.Location(i % 6, i));
                }
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
        try (IntegrityStore s = IntegrityStore.open(store, 100)) {
            assertAllFound(s, guids, places);
            for (int seal = 0; seal < 3; seal++) {
                try (IntegrityStore.Commit commit = s.newCommit()) {
                    for (int i = 0; i < 100; i++) {
                        String guid = seal == 1 && i == 0 ? resealed : UUID.randomUUID().toString();
                        long offset = 1_000 + 100L * seal + i;
                        commit.guid(guidKey("e/" + guid), 3, offset);
                        if (!guid.equals(resealed)) {
                            guids.add(guid);
                            places.add(new IntegrityStore.Location(3, offset));
                        }
                    }
                    commit.apply();
                }
            }
            guids.remove(0);
            places.remove(0);
            assertAllFound(s, guids, places);
            assertThat(s.locate(resealed)).contains(new IntegrityStore.Location(3, 1_100));
        }
    }

    /**
     * Seals run on a thread of their own while commits go on: a reader looking up guids already committed, all the
     * time, never misses one, whether it is in a run being sealed, in a file just added, or both.
     */
    @Test
    void aGuidIsFoundAtEveryMomentWhileSealsRunBesideTheCommits(@TempDir Path dir) throws Exception {
        int total = 40_000;
        String[] guids = new String[total];
        IntegrityStore.Location[] places = new IntegrityStore.Location[total];
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();
        List<String> misses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (IntegrityStore s = IntegrityStore.open(dir.resolve("store"), 2_000)) {
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                Random random = new Random(5);
                while (writing.get() || lookups.get() < 1_000) {
                    int known = committed.get();
                    if (known == 0) {
                        continue;
                    }
                    int i = random.nextInt(known);
                    if (!s.locate(guids[i]).equals(java.util.Optional.of(places[i]))) {
                        misses.add(guids[i]);
                    }
                    lookups.incrementAndGet();
                }
            });
            reader.start();
            Random random = new Random(7);
            for (int at = 0; at < total; at += 500) {
                try (IntegrityStore.Commit commit = s.newCommit()) {
                    for (int i = at; i < at + 500; i++) {
                        guids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
                        places[i] = new IntegrityStore.Location(i % 6, i);
                        commit.guid(guidKey("e/" + guids[i]), i % 6, i);
                    }
                    commit.apply();
                }
                committed.set(at + 500);
            }
            writing.set(false);
            reader.join();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(s.guidSegments().stream().mapToLong(GuidSegments.Segment::count).sum())
                            .as("every full seal's guids in files").isGreaterThanOrEqualTo(total - 2_000));
            assertThat(misses).as("lookups that missed, of " + lookups.get()).isEmpty();
            assertAllFound(s, List.of(guids), List.of(places));
        }
    }

    /** A seal that fails (here: its folder is gone) stops the next commit; nothing committed is lost meanwhile. */
    @Test
    void aSealThatFailsStopsTheNextCommit(@TempDir Path dir) throws Exception {
        List<String> guids = new ArrayList<>();
        List<IntegrityStore.Location> places = new ArrayList<>();
        try (IntegrityStore s = IntegrityStore.open(dir.resolve("store"), 1_000)) {
            io.veritrail.service.files.Folders.deleteRecursively(dir.resolve("store-guids"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (int write = 0; write < 1_000; write++) {
                    try (IntegrityStore.Commit commit = s.newCommit()) {
                        for (int i = 0; i < 500; i++) {
                            UUID guid = UUID.randomUUID();
                            long offset = 500L * write + i;
                            commit.guid(guidKey("e/" + guid), 1, offset);
                            guids.add(guid.toString());
                            places.add(new IntegrityStore.Location(1, offset));
                        }
                        commit.apply();
                    }
                    Thread.sleep(5);
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("sealing guids");
            assertAllFound(s, guids.subList(0, guids.size() - 500), places.subList(0, places.size() - 500));
        }
    }

    private static byte[] guidKey(String recordKey) {
        return IntegrityStore.guidKeyOf(ByteBuffer.wrap(recordKey.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertAllFound(IntegrityStore s, List<String> guids, List<IntegrityStore.Location> places) {
        for (int i = 0; i < guids.size(); i++) {
            assertThat(s.locate(guids.get(i))).as(guids.get(i)).contains(places.get(i));
        }
    }
}
