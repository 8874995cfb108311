package io.veritrail.integrity.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Proofs of RFC 6962 section 2.1 (RFC 9162 section 2.1.3 and 2.1.4) computed from stored perfect subtrees: each
 * needs O(log n) node reads, whatever the size of the tree. Hashes are listed leaf side first, as the RFCs do.
 */
public final class MerkleProofs {
    private MerkleProofs() {
    }

    /** MTH(D[0:size]): the root of the tree of the first {@code size} leaves. */
    public static byte[] root(NodeReader nodes, long size) {
        return size == 0 ? Rfc6962.emptyRoot() : hash(nodes, 0, size);
    }

    /** PATH(leafIndex, D[0:treeSize]): the audit path of one leaf. */
    public static List<byte[]> inclusion(NodeReader nodes, long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        path(nodes, leafIndex, 0, treeSize, path);
        return path;
    }

    /** PROOF(from, D[0:to]): what shows that the tree of {@code from} leaves is a prefix of the tree of {@code to}. */
    public static List<byte[]> consistency(NodeReader nodes, long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from " + from + " to " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from > 0 && from < to) {
            subproof(nodes, from, 0, to, true, proof);
        }
        return proof;
    }

    private static void path(NodeReader nodes, long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = splitPoint(n);
        if (m < k) {
            path(nodes, m, start, start + k, out);
            out.add(hash(nodes, start + k, end));
        } else {
            path(nodes, m - k, start + k, end, out);
            out.add(hash(nodes, start, start + k));
        }
    }

    private static void subproof(NodeReader nodes, long m, long start, long end, boolean whole, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(hash(nodes, start, end));
            }
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(nodes, m, start, start + k, whole, out);
            out.add(hash(nodes, start + k, end));
        } else {
            subproof(nodes, m - k, start + k, end, false, out);
            out.add(hash(nodes, start, start + k));
        }
    }

    /**
     * MTH(D[start:end]). Every range the RFC's recursions reach starts at a multiple of the largest power of two
     * it contains, so its left part is a stored perfect subtree and only the right edge recurses.
     */
    static byte[] hash(NodeReader nodes, long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.node(level, start >>> level);
        }
        long k = splitPoint(n);
        return Rfc6962.nodeHash(hash(nodes, start, start + k), hash(nodes, start + k, end));
    }

    /** The largest power of two smaller than n (n > 1). */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }
}
