package io.veritrail.integrity.store;

import io.veritrail.integrity.merkle.NodeReader;
import io.veritrail.integrity.merkle.Tiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The integrity service's RocksDB: hash tiles, offset tiles (leaf index to record offset), the event guid index,
 * each partition's position and its latest checkpoint. Everything a poll produced is written in one atomic batch,
 * together with the position, so after a crash the store is exactly as after some complete poll: no leaf twice,
 * none missing.
 */
public final class IntegrityStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final int FULL_TILE_CACHE = 4096;

    private final RocksDB db;
    private final Options options;
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

    private IntegrityStore(RocksDB db, Options options) {
        this.db = db;
        this.options = options;
    }

    public static IntegrityStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            Options options = new Options().setCreateIfMissing(true);
            return new IntegrityStore(RocksDB.open(options, dir.toString()), options);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the integrity store at " + dir, e);
        }
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
        byte[] bytes = get(Keys.guid(guid));
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
    public static byte[] guidKeyOf(byte[] recordKey) {
        return Keys.guidOfRecordKey(recordKey);
    }

    public Commit newCommit() {
        return new Commit();
    }

    /** The writes of one poll, applied together or not at all. */
    public final class Commit implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

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
            return put(guidKey, ByteBuffer.allocate(12).putInt(partition).putLong(offset).array());
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
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot write to the integrity store", e);
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the integrity store", e);
        }
    }

    @Override
    public void close() {
        try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            // Closing anyway: the write-ahead log still holds what was not flushed.
        }
        writeOptions.close();
        db.close();
        options.close();
    }
}
