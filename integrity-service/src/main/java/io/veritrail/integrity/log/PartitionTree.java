package io.veritrail.integrity.log;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import io.veritrail.integrity.merkle.Tiles;
import io.veritrail.integrity.store.IntegrityStore;
import io.veritrail.integrity.store.PartitionState;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of one partition of the log. Leaf i is the i-th data record in offset order; transaction
 * markers take offsets but are not records, so leaf index and offset differ and both are kept (offset tiles).
 * Appends go to memory; {@link #writeTo} puts what changed since the last commit into the store's batch.
 */
final class PartitionTree {
    private final String topic;
    private final int partition;
    private final CompactRange range;
    private long nextOffset;
    /** The tile being filled at each tile level, and the offsets of the leaf tile being filled. */
    private final List<OpenTile> openTiles = new ArrayList<>();
    private final long[] openOffsets = new long[Tiles.WIDTH];
    private int openOffsetCount;
    private final List<OpenTile> filledSinceCommit = new ArrayList<>();
    private final List<long[]> filledOffsetsSinceCommit = new ArrayList<>();
    private boolean dirty;

    private static final class OpenTile {
        final int level;
        long index;
        final byte[] hashes = new byte[Tiles.WIDTH * 32];
        int count;

        OpenTile(int level, long index) {
            this.level = level;
            this.index = index;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(hashes, count * 32);
        }
    }

    private PartitionTree(String topic, int partition, PartitionState state) {
        this.topic = topic;
        this.partition = partition;
        this.range = new CompactRange(state.treeSize(), state.subtreeRoots());
        this.nextOffset = state.nextOffset();
    }

    /** The tree as the store last committed it, with its unfinished tiles read back. */
    static PartitionTree resume(String topic, int partition, IntegrityStore store) {
        PartitionState state = store.state(partition);
        PartitionTree tree = new PartitionTree(topic, partition, state);
        long size = state.treeSize();
        for (int level = 0; (size >>> (Tiles.HEIGHT * level)) > 0; level++) {
            long nodes = size >>> (Tiles.HEIGHT * level);
            OpenTile tile = new OpenTile(level, nodes / Tiles.WIDTH);
            byte[] stored = store.tile(partition, level, tile.index);
            tile.count = (int) (nodes % Tiles.WIDTH);
            System.arraycopy(stored, 0, tile.hashes, 0, tile.count * 32);
            tree.openTiles.add(tile);
        }
        long[] offsets = store.offsets(partition, size / Tiles.WIDTH);
        tree.openOffsetCount = (int) (size % Tiles.WIDTH);
        System.arraycopy(offsets, 0, tree.openOffsets, 0, tree.openOffsetCount);
        return tree;
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Appends the record at {@code offset}; offsets must rise, or a leaf would be counted twice. */
    void append(long offset, byte[] value) {
        appendLeafHash(offset, Rfc6962.leafHash(value));
    }

    /** Appends a record whose leaf hash was computed already (on another thread). */
    void appendLeafHash(long offset, byte[] leafHash) {
        if (offset < nextOffset) {
            throw new IllegalStateException("offset " + offset + " of " + topic + "-" + partition
                    + " was hashed already (next expected " + nextOffset + ")");
        }
        long leaf = range.size();
        range.append(leafHash, this::store);
        openOffsets[openOffsetCount++] = offset;
        if (openOffsetCount == Tiles.WIDTH) {
            filledOffsetsSinceCommit.add(openOffsets.clone());
            openOffsetCount = 0;
        }
        nextOffset = offset + 1;
        dirty = true;
        assert leaf + 1 == range.size();
    }

    /** Records that the consumer moved past offsets holding no data record (transaction markers, compacted gaps). */
    void advanceTo(long position) {
        if (position > nextOffset) {
            nextOffset = position;
            dirty = true;
        }
    }

    private void store(int level, long index, byte[] hash) {
        if (!Tiles.isStored(level)) {
            return;
        }
        int tileLevel = level / Tiles.HEIGHT;
        while (openTiles.size() <= tileLevel) {
            openTiles.add(new OpenTile(openTiles.size(), 0));
        }
        OpenTile tile = openTiles.get(tileLevel);
        System.arraycopy(hash, 0, tile.hashes, tile.count * 32, 32);
        tile.count++;
        if (tile.count == Tiles.WIDTH) {
            OpenTile full = new OpenTile(tileLevel, tile.index);
            System.arraycopy(tile.hashes, 0, full.hashes, 0, tile.hashes.length);
            full.count = Tiles.WIDTH;
            filledSinceCommit.add(full);
            tile.index++;
            tile.count = 0;
        }
    }

    /** Adds everything that changed since the last commit to {@code commit}; answers whether anything did. */
    boolean writeTo(IntegrityStore.Commit commit) {
        if (!dirty) {
            return false;
        }
        long size = range.size();
        long fullOffsetTiles = size / Tiles.WIDTH - filledOffsetsSinceCommit.size();
        for (int i = 0; i < filledOffsetsSinceCommit.size(); i++) {
            commit.offsets(partition, fullOffsetTiles + i, filledOffsetsSinceCommit.get(i), Tiles.WIDTH);
        }
        for (OpenTile full : filledSinceCommit) {
            commit.tile(partition, full.level, full.index, full.bytes());
        }
        for (OpenTile open : openTiles) {
            if (open.count > 0) {
                commit.tile(partition, open.level, open.index, open.bytes());
            }
        }
        if (openOffsetCount > 0) {
            commit.offsets(partition, size / Tiles.WIDTH, openOffsets, openOffsetCount);
        }
        commit.state(partition, new PartitionState(size, nextOffset, range.subtreeRoots()));
        filledSinceCommit.clear();
        filledOffsetsSinceCommit.clear();
        dirty = false;
        return true;
    }

    /** The tree as it is now, for readers on other threads; call it after {@link #writeTo} has committed. */
    CommittedTree committed() {
        return new CommittedTree(topic, partition, range.size(), nextOffset - 1, range.subtreeRoots());
    }

    long size() {
        return range.size();
    }
}
