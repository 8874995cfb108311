package io.veritrail.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proofs against the RFC 6962 reference vectors of certificate-transparency (the eight leaves of
 * {@link CompactRangeTest#LEAVES}): audit paths and consistency proofs, and corrupted ones that must fail.
 */
class MerkleProofsTest {
    private static final HexFormat HEX = HexFormat.of();

    static MemoryNodeStore referenceTree() {
        MemoryNodeStore nodes = new MemoryNodeStore();
        CompactRange range = new CompactRange();
        for (String leaf : CompactRangeTest.LEAVES) {
            range.append(Rfc6962.leafHash(HEX.parseHex(leaf)), nodes);
        }
        return nodes;
    }

    static List<byte[]> hashes(String joined) {
        return joined.isEmpty() ? List.of() : java.util.Arrays.stream(joined.split(" ")).map(HEX::parseHex).toList();
    }

    static byte[] root(int size) {
        return HEX.parseHex(CompactRangeTest.ROOTS.get(size));
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @CsvSource(delimiter = '|', value = {
        "0|1|",
        "0|8|96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        "5|8|bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "2|3|fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "1|5|6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})
    void inclusionProofsMatchTheReferenceAndVerify(long leaf, long size, String expected) {
        List<byte[]> path = MerkleProofs.inclusion(referenceTree(), leaf, size);
        assertThat(path).extracting(HEX::formatHex).containsExactlyElementsOf(
                hashes(expected == null ? "" : expected).stream().map(HEX::formatHex).toList());
        byte[] leafHash = Rfc6962.leafHash(HEX.parseHex(CompactRangeTest.LEAVES.get((int) leaf)));
        assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, path, root((int) size))).isTrue();
        assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, path, root((int) size - 1 == 0 ? 2 : (int) size - 1)))
                .as("against another root").isFalse();
        if (!path.isEmpty()) {
            byte[] bad = path.getFirst().clone();
            bad[0] ^= 1;
            List<byte[]> corrupted = new java.util.ArrayList<>(path);
            corrupted.set(0, bad);
            assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, corrupted, root((int) size))).isFalse();
            assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, path.subList(1, path.size()), root((int) size)))
                    .as("a path with a hash missing").isFalse();
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource(delimiter = '|', value = {
        "1|1|",
        "1|8|96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        "6|8|0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "2|5|5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})
    void consistencyProofsMatchTheReferenceAndVerify(long from, long to, String expected) {
        List<byte[]> proof = MerkleProofs.consistency(referenceTree(), from, to);
        assertThat(proof).extracting(HEX::formatHex).containsExactlyElementsOf(
                hashes(expected == null ? "" : expected).stream().map(HEX::formatHex).toList());
        assertThat(ProofVerifier.verifyConsistency(from, to, root((int) from), root((int) to), proof)).isTrue();
        if (!proof.isEmpty()) {
            byte[] bad = proof.getLast().clone();
            bad[31] ^= (byte) 0x80;
            List<byte[]> corrupted = new java.util.ArrayList<>(proof);
            corrupted.set(proof.size() - 1, bad);
            assertThat(ProofVerifier.verifyConsistency(from, to, root((int) from), root((int) to), corrupted)).isFalse();
            assertThat(ProofVerifier.verifyConsistency(from, to, root((int) from), root((int) to - 1), proof))
                    .as("against another new root").isFalse();
        }
    }

    @Test
    void rootsFromStoredNodesMatchTheReference() {
        MemoryNodeStore nodes = referenceTree();
        for (int size = 0; size <= 8; size++) {
            assertThat(HEX.formatHex(MerkleProofs.root(nodes, size))).isEqualTo(CompactRangeTest.ROOTS.get(size));
        }
    }

    @Test
    void emptyAndTrivialConsistency() {
        assertThat(ProofVerifier.verifyConsistency(0, 5, Rfc6962.emptyRoot(), root(5), List.of())).isTrue();
        assertThat(ProofVerifier.verifyConsistency(3, 3, root(3), root(3), List.of())).isTrue();
        assertThat(ProofVerifier.verifyConsistency(3, 3, root(3), root(4), List.of())).isFalse();
        assertThat(ProofVerifier.verifyConsistency(4, 3, root(4), root(3), List.of())).isFalse();
    }
}
