package io.veritrail.integrity.merkle;

/**
 * Reads the hash of a perfect subtree: the one at {@code level} (0 = a leaf) and {@code index}, which covers
 * leaves {@code [index * 2^level, (index + 1) * 2^level)}. Only subtrees that are complete exist.
 */
@FunctionalInterface
public interface NodeReader {
    byte[] node(int level, long index);
}
