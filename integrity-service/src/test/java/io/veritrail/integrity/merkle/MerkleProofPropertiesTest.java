package io.veritrail.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** For random trees: proofs from stored nodes equal the RFC's recursive ones, verify, and fail on any bit flip. */
class MerkleProofPropertiesTest {

    record Tree(List<byte[]> leaves, MemoryNodeStore nodes, List<byte[]> roots) {
    }

    static Tree build(int size, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>();
        MemoryNodeStore nodes = new MemoryNodeStore();
        CompactRange range = new CompactRange();
        List<byte[]> roots = new ArrayList<>(List.of(range.root()));
        for (int i = 0; i < size; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(leaf);
            range.append(Rfc6962.leafHash(leaf), nodes);
            roots.add(range.root());
        }
        return new Tree(leaves, nodes, roots);
    }

    @Property(tries = 25)
    void everyInclusionProofVerifiesAndEqualsTheRecursiveOne(@ForAll @IntRange(min = 1, max = 3000) int size,
                                                              @ForAll long seed) {
        Tree tree = build(size, seed);
        Random random = new Random(seed);
        for (int m = 0; m < size; m++) {
            List<byte[]> path = MerkleProofs.inclusion(tree.nodes(), m, size);
            byte[] leafHash = Rfc6962.leafHash(tree.leaves().get(m));
            assertThat(ProofVerifier.verifyInclusion(m, size, leafHash, path, tree.roots().get(size))).isTrue();
            if (m % 97 == 0) {
                assertThat(path).containsExactlyElementsOf(NaiveMerkleTree.path(m, tree.leaves()));
            }
            if (!path.isEmpty()) {
                assertThat(ProofVerifier.verifyInclusion(m, size, leafHash, flipOneBit(path, random), tree.roots().get(size)))
                        .isFalse();
            }
            assertThat(ProofVerifier.verifyInclusion(m, size, flip(leafHash, random), path, tree.roots().get(size)))
                    .isFalse();
        }
    }

    @Property(tries = 25)
    void everyConsistencyProofVerifiesAndEqualsTheRecursiveOne(@ForAll @IntRange(min = 1, max = 3000) int size,
                                                                @ForAll long seed) {
        Tree tree = build(size, seed);
        Random random = new Random(seed);
        for (int from = 0; from <= size; from++) {
            List<byte[]> proof = MerkleProofs.consistency(tree.nodes(), from, size);
            byte[] oldRoot = tree.roots().get(from);
            byte[] newRoot = tree.roots().get(size);
            assertThat(ProofVerifier.verifyConsistency(from, size, oldRoot, newRoot, proof)).isTrue();
            if (from % 89 == 0) {
                assertThat(proof).containsExactlyElementsOf(NaiveMerkleTree.consistency(from, tree.leaves()));
            }
            if (!proof.isEmpty()) {
                assertThat(ProofVerifier.verifyConsistency(from, size, oldRoot, newRoot, flipOneBit(proof, random)))
                        .isFalse();
            }
            if (from > 0) {
                // (From the empty tree every tree is consistent, whatever its root: nothing to corrupt there.)
                assertThat(ProofVerifier.verifyConsistency(from, size, flip(oldRoot, random), newRoot, proof)).isFalse();
                assertThat(ProofVerifier.verifyConsistency(from, size, oldRoot, flip(newRoot, random), proof)).isFalse();
            }
        }
        // And between random intermediate sizes, not only to the latest.
        for (int i = 0; i < 200; i++) {
            int second = 1 + random.nextInt(size);
            int first = random.nextInt(second + 1);
            assertThat(ProofVerifier.verifyConsistency(first, second, tree.roots().get(first), tree.roots().get(second),
                    MerkleProofs.consistency(tree.nodes(), first, second))).isTrue();
        }
    }

    private static List<byte[]> flipOneBit(List<byte[]> hashes, Random random) {
        List<byte[]> copy = new ArrayList<>(hashes);
        int at = random.nextInt(copy.size());
        copy.set(at, flip(copy.get(at), random));
        return copy;
    }

    private static byte[] flip(byte[] hash, Random random) {
        byte[] copy = hash.clone();
        int bit = random.nextInt(copy.length * 8);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
