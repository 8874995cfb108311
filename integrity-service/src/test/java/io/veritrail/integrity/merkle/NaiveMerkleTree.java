package io.veritrail.integrity.merkle;

import java.util.ArrayList;
import java.util.List;

/** RFC 6962's recursive definitions (MTH, PATH, SUBPROOF), word for word over the raw leaves: the reference. */
final class NaiveMerkleTree {
    private NaiveMerkleTree() {
    }

    static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        if (leaves.size() == 1) {
            return Rfc6962.leafHash(leaves.getFirst());
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return Rfc6962.nodeHash(root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
    }

    static List<byte[]> path(int m, List<byte[]> leaves) {
        List<byte[]> out = new ArrayList<>();
        int n = leaves.size();
        if (n <= 1) {
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            out.addAll(path(m, leaves.subList(0, k)));
            out.add(root(leaves.subList(k, n)));
        } else {
            out.addAll(path(m - k, leaves.subList(k, n)));
            out.add(root(leaves.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> consistency(int m, List<byte[]> leaves) {
        return m == 0 || m == leaves.size() ? List.of() : subproof(m, leaves, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean whole) {
        List<byte[]> out = new ArrayList<>();
        int n = leaves.size();
        if (m == n) {
            if (!whole) {
                out.add(root(leaves));
            }
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            out.addAll(subproof(m, leaves.subList(0, k), whole));
            out.add(root(leaves.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, leaves.subList(k, n), false));
            out.add(root(leaves.subList(0, k)));
        }
        return out;
    }
}
