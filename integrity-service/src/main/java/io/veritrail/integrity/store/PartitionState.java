package io.veritrail.integrity.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one partition's tree has come: leaves hashed, the next offset to read, and the compact range's subtree
 * roots, so that a restart resumes without reading a single hash back from the tiles.
 */
public record PartitionState(long treeSize, long nextOffset, List<byte[]> subtreeRoots) {
    public static final PartitionState EMPTY = new PartitionState(0, 0, List.of());

    public PartitionState {
        subtreeRoots = List.copyOf(subtreeRoots);
    }

    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(16 + 32 * subtreeRoots.size());
        buffer.putLong(treeSize).putLong(nextOffset);
        subtreeRoots.forEach(buffer::put);
        return buffer.array();
    }

    static PartitionState decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long size = buffer.getLong();
        long next = buffer.getLong();
        List<byte[]> roots = new ArrayList<>();
        while (buffer.hasRemaining()) {
            byte[] hash = new byte[32];
            buffer.get(hash);
            roots.add(hash);
        }
        return new PartitionState(size, next, roots);
    }
}
