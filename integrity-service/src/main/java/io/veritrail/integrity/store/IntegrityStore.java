package io.veritrail.integrity.store;

import io.veritrail.integrity.merkle.NodeReader;
import io.veritrail.integrity.merkle.Tiles;
import io.veritrail.service.concurrent.BackgroundThread;
import io.veritrail.service.guids.GuidRuns;
import io.veritrail.service.guids.GuidSegments;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionOptionsUniversal;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrity service's RocksDB: hash tiles, offset tiles (leaf index to record offset), the event guid index,
 * each partition's position and its latest checkpoint. Everything a poll produced is written in one atomic batch,
 * together with the position, so after a crash the store is exactly as after some complete poll: no leaf twice,
 * none missing.
 *
 * <p>The guid index is the one part written per record, and its keys are random: inserted one by one into RocksDB's
 * memtable they cost about 3 µs a record on the reference machine, half of all the work of following the log. So
 * each write adds its guids as one sorted run, a single value in the same atomic batch, kept in memory too; once
 * {@code sealAt} guids have gathered, a thread of its own merges the runs into a sorted, memory-mapped file
 * ({@link GuidSegments}) and only then drops them from memory and from the store. A lookup searches the runs, then
 * those files, then the {@code guids} column family and the default family, where earlier versions of the store
 * sealed guids.
 */
public final class IntegrityStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntegrityStore.class);

    static {
        RocksDB.loadLibrary();
    }

    private static final int FULL_TILE_CACHE = 4096;
    /** A guid entry: the guid's two halves, the partition and the offset of its event. */
    private static final int GUID_FIELDS = 4;

    public static final int DEFAULT_SEAL_AT = 262_144;
    /** A seal's file is mapped whole: 16 Mi guids make a file of 512 MiB. */
    public static final int MAX_SEAL_AT = 1 << 24;
    private static final byte[] GUID_FAMILY = "guids".getBytes(StandardCharsets.UTF_8);

    private final RocksDB db;
    private final DBOptions options;
    /**
     * No compression anywhere: the store is SHA-256 hashes and random UUIDs, which do not compress, and compressing
     * them anyway was most of what flushes and compactions cost.
     */
    private final ColumnFamilyOptions defaultFamilyOptions = new ColumnFamilyOptions()
            .setCompressionType(CompressionType.NO_COMPRESSION);
    /** The guid family's table format: earlier versions of the store sealed guids into it, and it is read still. */
    private final BloomFilter guidFilter = new BloomFilter(10);
    private final BlockBasedTableConfig guidTables = new BlockBasedTableConfig().setFilterPolicy(guidFilter);
    /** The options the family was made with by the versions that wrote it (universal compaction, no compression). */
    private final CompactionOptionsUniversal guidCompaction = new CompactionOptionsUniversal().setMinMergeWidth(10)
            .setMaxMergeWidth(10).setMaxSizeAmplificationPercent(1_000_000);
    private final ColumnFamilyOptions guidFamilyOptions = new ColumnFamilyOptions().setTableFormatConfig(guidTables)
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setCompactionStyle(CompactionStyle.UNIVERSAL)
            .setLevel0FileNumCompactionTrigger(10)
            .setLevel0SlowdownWritesTrigger(100)
            .setLevel0StopWritesTrigger(150)
            .setCompactionOptionsUniversal(guidCompaction);
    private final ColumnFamilyHandle defaultFamily;
    private final ColumnFamilyHandle guidFamily;
    private final GuidSegments segments;
    private final int sealAt;
    /**
     * Guid runs not yet in a sealed file, oldest first, numbered consecutively from {@link #firstRunInMemory};
     * replaced whole, so readers see a consistent list without locking. Runs handed to the sealer stay here until
     * their file is in place, so a guid is always in one or the other.
     */
    private volatile List<long[]> guidRuns = List.of();
    private long firstRunInMemory;
    private long nextGuidRun;
    /** The last run handed to the sealer, and the guids gathered in runs since. */
    private long handedToSealerThrough;
    private int unsealedGuids;
    /**
     * Seals runs into files, in order, beside the writing thread: a seal (merge, write, two fsyncs) took 70-140 ms,
     * during which the writing thread, and behind it the hashing and fetching ones, stood still.
     */
    private final BackgroundThread sealer = new BackgroundThread("integrity-guid-sealer");
    private volatile RuntimeException sealFailure;
    /**
     * With the write-ahead log (not synced: the OS has it once the write returns), so that a killed process
     * resumes from its last poll rather than from the last memtable flush, which can be far behind.
     */
    private final WriteOptions writeOptions = new WriteOptions();
    /** Full tiles never change, so they are cached; partial ones are always read afresh. */
    private final Map<String, byte[]> fullTiles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > FULL_TILE_CACHE;
        }
    };

    private final Map<String, long[]> fullOffsetTiles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > FULL_TILE_CACHE;
        }
    };
    /** Interior nodes of full tiles, computed once: a proof needs up to eight per tile level. */
    private final Map<String, byte[]> interiorNodes = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 16 * FULL_TILE_CACHE;
        }
    };

    private IntegrityStore(Path dir, int sealAt) throws RocksDBException, java.io.IOException {
        if (sealAt < 1 || sealAt > MAX_SEAL_AT) {
            throw new IllegalArgumentException("the guid seal interval must be 1 to " + MAX_SEAL_AT + ", not " + sealAt);
        }
        this.sealAt = sealAt;
        // Where earlier versions wrote a table file before RocksDB took it in; one left by a crash is of no use.
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + "-guids.sst"));
        // No filter in the files: integrity looks a guid up only when asked for its proof.
        this.segments = GuidSegments.open(dir.resolveSibling(dir.getFileName() + "-guids"), GUID_FIELDS, false,
                "integrity");
        this.options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            this.db = RocksDB.open(options, dir.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultFamilyOptions),
                    new ColumnFamilyDescriptor(GUID_FAMILY, guidFamilyOptions)), handles);
        } catch (RocksDBException e) {
            segments.close();
            throw e;
        }
        this.defaultFamily = handles.get(0);
        this.guidFamily = handles.get(1);
        restoreGuidRuns();
    }

    public static IntegrityStore open(Path dir) {
        return open(dir, DEFAULT_SEAL_AT);
    }

    /** @param sealAt how many guids gather in runs before they are sealed into the guid index */
    public static IntegrityStore open(Path dir, int sealAt) {
        try {
            Files.createDirectories(dir);
            return new IntegrityStore(dir, sealAt);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the integrity store at " + dir, e);
        }
    }

    /** The unsealed runs back into memory; runs a crash left behind after their seal are dropped. */
    private void restoreGuidRuns() throws RocksDBException {
        List<long[]> runs = new ArrayList<>();
        long sealedThrough = segments.lastSealedRun();
        nextGuidRun = sealedThrough + 1;
        firstRunInMemory = -1;
        try (RocksIterator it = db.newIterator(defaultFamily)) {
            for (it.seek(new byte[] {Keys.GUID_RUN}); it.isValid() && it.key()[0] == Keys.GUID_RUN; it.next()) {
                long number = ByteBuffer.wrap(it.key(), 1, 8).getLong();
                if (number > sealedThrough) {
                    if (firstRunInMemory < 0) {
                        firstRunInMemory = number;
                    }
                    long[] run = GuidRuns.decode(it.value());
                    runs.add(run);
                    unsealedGuids += GuidRuns.size(run, GUID_FIELDS);
                }
                nextGuidRun = Math.max(nextGuidRun, number + 1);
            }
        }
        if (sealedThrough >= 0) {
            db.deleteRange(defaultFamily, Keys.guidRun(0), Keys.guidRun(sealedThrough + 1));
        }
        if (firstRunInMemory < 0) {
            firstRunInMemory = nextGuidRun;
        }
        handedToSealerThrough = firstRunInMemory - 1;
        guidRuns = List.copyOf(runs);
    }

    /** The sealed guid files now: what their merging keeps few (for tests and diagnostics). */
    List<GuidSegments.Segment> guidSegments() {
        return segments.segments();
    }

    /** Where an event is in the log. */
    public record Location(int partition, long offset) {
    }

    public PartitionState state(int partition) {
        byte[] bytes = get(Keys.state(partition));
        return bytes == null ? PartitionState.EMPTY : PartitionState.decode(bytes);
    }

    public Optional<String> checkpoint(int partition) {
        return Optional.ofNullable(get(Keys.checkpoint(partition))).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public Optional<Location> locate(String guid) {
        byte[] key = Keys.guid(guid);
        if (Keys.isUuidGuid(key)) {
            long high = ByteBuffer.wrap(key, 1, 8).getLong();
            long low = ByteBuffer.wrap(key, 9, 8).getLong();
            List<long[]> runs = guidRuns;
            for (int i = runs.size() - 1; i >= 0; i--) {
                long[] run = runs.get(i);
                int at = GuidRuns.find(run, GUID_FIELDS, high, low);
                if (at >= 0) {
                    return Optional.of(new Location((int) run[at + 2], run[at + 3]));
                }
            }
            long[] sealed = new long[GUID_FIELDS];
            if (segments.find(high, low, sealed)) {
                return Optional.of(new Location((int) sealed[2], sealed[3]));
            }
        }
        byte[] bytes = get(guidFamily, key);
        if (bytes == null) {
            // Stores written before the guid index had its own column family kept it with everything else.
            bytes = get(defaultFamily, key);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return Optional.of(new Location(buffer.getInt(), buffer.getLong()));
    }

    /** The stored hashes of a tile, or an empty array if none is stored. */
    public byte[] tile(int partition, int tileLevel, long tileIndex) {
        String cacheKey = partition + "/" + tileLevel + "/" + tileIndex;
        synchronized (fullTiles) {
            byte[] cached = fullTiles.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = get(Keys.tile(partition, tileLevel, tileIndex));
        if (bytes == null) {
            return new byte[0];
        }
        if (bytes.length == Tiles.WIDTH * 32) {
            synchronized (fullTiles) {
                fullTiles.put(cacheKey, bytes);
            }
        }
        return bytes;
    }

    /** The record offsets of the leaves of one leaf tile (up to 256, in leaf order). */
    public long[] offsets(int partition, long tileIndex) {
        String cacheKey = partition + "/" + tileIndex;
        synchronized (fullOffsetTiles) {
            long[] cached = fullOffsetTiles.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = get(Keys.offsets(partition, tileIndex));
        if (bytes == null) {
            return new long[0];
        }
        long[] offsets = new long[bytes.length / 8];
        ByteBuffer.wrap(bytes).asLongBuffer().get(offsets);
        if (offsets.length == Tiles.WIDTH) {
            synchronized (fullOffsetTiles) {
                fullOffsetTiles.put(cacheKey, offsets);
            }
        }
        return offsets;
    }

    /** The offset of a leaf, if the tree has that leaf. */
    public Optional<Long> offsetOf(int partition, long leafIndex) {
        long[] tile = offsets(partition, leafIndex / Tiles.WIDTH);
        int at = (int) (leafIndex % Tiles.WIDTH);
        return at < tile.length ? Optional.of(tile[at]) : Optional.empty();
    }

    /**
     * The leaf index of the record at {@code offset} among the first {@code treeSize} leaves, found by binary search
     * (offsets rise with leaf index); empty when no data record there was hashed, e.g. a transaction marker.
     */
    public Optional<Long> leafOf(int partition, long offset, long treeSize) {
        long low = 0;
        long high = treeSize - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            long found = offsetOf(partition, mid).orElseThrow(() -> new IllegalStateException(
                    "partition " + partition + " has no offset for leaf " + mid));
            if (found == offset) {
                return Optional.of(mid);
            }
            if (found < offset) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.empty();
    }

    /** Reads the perfect subtrees of one partition's tree as committed. */
    public NodeReader nodes(int partition) {
        NodeReader computed = computedNodes(partition);
        return (level, index) -> {
            if (Tiles.isStored(level)) {
                return computed.node(level, index);
            }
            String key = partition + "/" + level + "/" + index;
            synchronized (interiorNodes) {
                byte[] cached = interiorNodes.get(key);
                if (cached != null) {
                    return cached;
                }
            }
            byte[] hash = computed.node(level, index);
            // Only perfect subtrees inside full tiles are final; those of a partial tile are final too (a node
            // exists only once complete), so every computed node can be kept.
            synchronized (interiorNodes) {
                interiorNodes.put(key, hash);
            }
            return hash;
        };
    }

    private NodeReader computedNodes(int partition) {
        return (level, index) -> Tiles.node(level, index, (tileLevel, tileIndex, offset, count) -> {
            byte[] tile = tile(partition, tileLevel, tileIndex);
            if (tile.length < (offset + count) * 32) {
                throw new IllegalStateException("partition " + partition + " has no node at level " + level
                        + " index " + index + " yet");
            }
            byte[][] hashes = new byte[count][];
            for (int i = 0; i < count; i++) {
                hashes[i] = Arrays.copyOfRange(tile, (offset + i) * 32, (offset + i + 1) * 32);
            }
            return hashes;
        });
    }

    /**
     * The guid index key of the event whose record key is {@code <entityGuid>/<guid>}, or null for any other key.
     * Pure, so that it is computed on the hashing thread rather than the writing one.
     */
    public static byte[] guidKeyOf(ByteBuffer recordKey) {
        return Keys.guidOfRecordKey(recordKey);
    }

    public Commit newCommit() {
        return new Commit();
    }

    /** The writes of one poll, applied together or not at all. */
    public final class Commit implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();
        private final GuidRuns.Builder guids = new GuidRuns.Builder(GUID_FIELDS);
        private final long[] guidEntry = new long[GUID_FIELDS];

        public Commit tile(int partition, int tileLevel, long tileIndex, byte[] hashes) {
            return put(Keys.tile(partition, tileLevel, tileIndex), hashes);
        }

        public Commit offsets(int partition, long tileIndex, long[] offsets, int count) {
            ByteBuffer buffer = ByteBuffer.allocate(count * 8);
            for (int i = 0; i < count; i++) {
                buffer.putLong(offsets[i]);
            }
            return put(Keys.offsets(partition, tileIndex), buffer.array());
        }

        /** Indexes an event by its guid key ({@link #guidKeyOf}). */
        public Commit guid(byte[] guidKey, int partition, long offset) {
            if (Keys.isUuidGuid(guidKey)) {
                ByteBuffer halves = ByteBuffer.wrap(guidKey, 1, 16);
                guidEntry[0] = halves.getLong();
                guidEntry[1] = halves.getLong();
                guidEntry[2] = partition;
                guidEntry[3] = offset;
                guids.add(guidEntry);
                return this;
            }
            // Guids of another form are rare (ingest accepts UUIDs only): indexed one by one.
            try {
                batch.put(guidFamily, guidKey, location(partition, offset));
                return this;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        public Commit state(int partition, PartitionState state) {
            return put(Keys.state(partition), state.encode());
        }

        public Commit checkpoint(int partition, String note) {
            return put(Keys.checkpoint(partition), note.getBytes(StandardCharsets.UTF_8));
        }

        private Commit put(byte[] key, byte[] value) {
            try {
                batch.put(key, value);
                return this;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        public void apply() {
            if (sealFailure != null) {
                throw new IllegalStateException("sealing guids into the guid index failed", sealFailure);
            }
            synchronized (IntegrityStore.this) {
                long[] run = guids.isEmpty() ? null : guids.sortedRun();
                try {
                    if (run != null) {
                        batch.put(defaultFamily, Keys.guidRun(nextGuidRun), GuidRuns.encode(run));
                    }
                    db.write(writeOptions, batch);
                } catch (RocksDBException e) {
                    throw new IllegalStateException("cannot write to the integrity store", e);
                }
                // Only once written: a location answered is never one the store has not committed.
                if (run != null) {
                    List<long[]> runs = new ArrayList<>(guidRuns);
                    runs.add(run);
                    guidRuns = List.copyOf(runs);
                    nextGuidRun++;
                    unsealedGuids += GuidRuns.size(run, GUID_FIELDS);
                    if (unsealedGuids >= sealAt) {
                        handToSealer();
                    }
                }
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    private static byte[] location(int partition, long offset) {
        return ByteBuffer.allocate(12).putInt(partition).putLong(offset).array();
    }

    /** Hands the runs gathered since the last seal to the sealer; they stay readable in memory meanwhile. */
    private void handToSealer() {
        long first = handedToSealerThrough + 1;
        long last = nextGuidRun - 1;
        List<long[]> runs = List.copyOf(guidRuns.subList((int) (first - firstRunInMemory), guidRuns.size()));
        int guids = unsealedGuids;
        handedToSealerThrough = last;
        unsealedGuids = 0;
        sealer.execute(() -> seal(runs, first, last, guids));
    }

    /**
     * Merges the runs into one sorted file of the guid index, then drops them from memory and from the store. A
     * crash between the file and the drop leaves runs that the file already holds: the next open drops them
     * ({@link #restoreGuidRuns}). A failure stops the writing thread at its next commit.
     */
    private void seal(List<long[]> runs, long first, long last, int guids) {
        if (sealFailure != null) {
            // Runs after a failed seal wait for it: sealing them would drop the failed runs with them.
            return;
        }
        long started = System.nanoTime();
        try {
            segments.seal(runs, first, last);
            synchronized (this) {
                // The file is among the segments now: from here on its guids are found there.
                guidRuns = List.copyOf(guidRuns.subList((int) (last + 1 - firstRunInMemory), guidRuns.size()));
                firstRunInMemory = last + 1;
                try (WriteBatch drop = new WriteBatch()) {
                    drop.deleteRange(defaultFamily, Keys.guidRun(0), Keys.guidRun(last + 1));
                    db.write(writeOptions, drop);
                }
            }
            log.info("{} guids sealed into the guid index in {} ms", guids, (System.nanoTime() - started) / 1_000_000);
        } catch (RocksDBException | RuntimeException e) {
            sealFailure = e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot drop the sealed guid runs from the store", e);
            log.error("sealing guid runs {}-{} failed; the log follower stops at its next commit", first, last, e);
        }
    }

    private byte[] get(byte[] key) {
        return get(defaultFamily, key);
    }

    private byte[] get(ColumnFamilyHandle family, byte[] key) {
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the integrity store", e);
        }
    }

    @Override
    public void close() {
        // A seal under way finishes first: it writes to the store.
        if (!sealer.finish(Duration.ofSeconds(60))) {
            log.warn("a guid seal did not finish within 60 s; its runs are sealed again at the next start");
        }
        try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, List.of(defaultFamily, guidFamily));
        } catch (RocksDBException e) {
            // Closing anyway: the write-ahead log still holds what was not flushed.
        }
        segments.close();
        writeOptions.close();
        defaultFamily.close();
        guidFamily.close();
        db.close();
        options.close();
        defaultFamilyOptions.close();
        guidFamilyOptions.close();
        guidCompaction.close();
        guidFilter.close();
    }
}
