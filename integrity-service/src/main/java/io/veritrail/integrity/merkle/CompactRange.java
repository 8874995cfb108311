package io.veritrail.integrity.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an append-only RFC 6962 tree: the roots of the perfect subtrees that cover leaves
 * [0, size), largest first, one per set bit of {@code size}. Appending a leaf merges equal-sized subtrees like a
 * binary carry, so append costs O(log n) hashes amortised and memory is O(log n), whatever the size of the tree.
 */
public final class CompactRange {
    private final List<byte[]> subtreeRoots;
    private long size;

    public CompactRange() {
        this(0, List.of());
    }

    /** Resumes a range from its persisted state; {@code roots} must hold one hash per set bit of {@code size}. */
    public CompactRange(long size, List<byte[]> roots) {
        if (Long.bitCount(size) != roots.size()) {
            throw new IllegalArgumentException("a range of " + size + " leaves has " + Long.bitCount(size)
                    + " subtree roots, got " + roots.size());
        }
        this.size = size;
        this.subtreeRoots = new ArrayList<>(roots);
    }

    public void append(byte[] leafHash) {
        append(leafHash, NodeSink.NONE);
    }

    /** Appends a leaf and tells {@code sink} of every perfect subtree this completes, the leaf itself first. */
    public void append(byte[] leafHash, NodeSink sink) {
        byte[] carry = leafHash;
        long index = size;
        int level = 0;
        sink.completed(0, index, carry);
        // Each trailing one bit of the old size is a subtree of the same height as the carry: merge them.
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            carry = Rfc6962.nodeHash(subtreeRoots.removeLast(), carry);
            level++;
            index >>>= 1;
            sink.completed(level, index, carry);
        }
        subtreeRoots.add(carry);
        size++;
    }

    public long size() {
        return size;
    }

    /** The Merkle tree hash of all leaves appended so far. */
    public byte[] root() {
        return rootOf(subtreeRoots);
    }

    /** The root of the tree whose perfect subtrees have these roots, largest first ({@link #subtreeRoots()}). */
    public static byte[] rootOf(List<byte[]> subtreeRoots) {
        if (subtreeRoots.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        byte[] hash = subtreeRoots.getLast();
        for (int i = subtreeRoots.size() - 2; i >= 0; i--) {
            hash = Rfc6962.nodeHash(subtreeRoots.get(i), hash);
        }
        return hash;
    }

    public List<byte[]> subtreeRoots() {
        return List.copyOf(subtreeRoots);
    }
}
