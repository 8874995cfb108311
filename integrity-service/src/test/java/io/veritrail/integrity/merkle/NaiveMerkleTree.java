package io.veritrail.integrity.merkle;

import java.util.List;

/** RFC 6962's recursive definition of the Merkle tree hash, word for word: the reference to test against. */
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
}
