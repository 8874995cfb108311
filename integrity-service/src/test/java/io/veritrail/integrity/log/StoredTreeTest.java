package io.veritrail.integrity.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.MemoryNodeStore;
import io.veritrail.integrity.merkle.MerkleProofs;
import io.veritrail.integrity.merkle.Rfc6962;
import io.veritrail.integrity.store.IntegrityStore;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiled RocksDB tree against an in-memory one: same roots and proofs after appends committed at random
 * moments and the store reopened in between, as a restart would.
 */
class StoredTreeTest {

    @Test
    void tilesAndResumeGiveTheSameTreeAsMemory(@TempDir Path dir) {
        Random random = new Random(11);
        int leaves = 70_000;
        MemoryNodeStore memory = new MemoryNodeStore();
        CompactRange reference = new CompactRange();
        byte[][] values = new byte[leaves][];
        for (int i = 0; i < leaves; i++) {
            values[i] = ("record-" + i).getBytes();
            reference.append(Rfc6962.leafHash(values[i]), memory);
        }

        int appended = 0;
        long offset = 0;
        while (appended < leaves) {
            try (IntegrityStore store = IntegrityStore.open(dir)) {
                PartitionTree writer = PartitionTree.resume("events", 0, store);
                assertThat(writer.size()).isEqualTo(appended);
                int chunk = Math.min(leaves - appended, 1 + random.nextInt(9_000));
                for (int i = 0; i < chunk; i++) {
                    offset += 1 + (random.nextInt(10) == 0 ? 1 : 0);
                    writer.append(offset, values[appended++]);
                    if (random.nextInt(700) == 0 || i == chunk - 1) {
                        try (IntegrityStore.Commit commit = store.newCommit()) {
                            writer.writeTo(commit);
                            commit.apply();
                        }
                    }
                }
            }
        }

        try (IntegrityStore store = IntegrityStore.open(dir)) {
            assertThat(store.state(0).treeSize()).isEqualTo(leaves);
            var nodes = store.nodes(0);
            for (long size : new long[] {1, 2, 255, 256, 257, 65_536, 65_537, leaves}) {
                assertThat(MerkleProofs.root(nodes, size)).isEqualTo(MerkleProofs.root(memory, size));
            }
            assertThat(MerkleProofs.root(nodes, leaves)).isEqualTo(reference.root());
            for (int i = 0; i < 200; i++) {
                long leaf = random.nextInt(leaves);
                long size = leaf + 1 + random.nextInt((int) (leaves - leaf));
                assertThat(MerkleProofs.inclusion(nodes, leaf, size)).containsExactlyElementsOf(
                        MerkleProofs.inclusion(memory, leaf, size));
                long from = random.nextInt((int) size + 1);
                assertThat(MerkleProofs.consistency(nodes, from, size)).containsExactlyElementsOf(
                        MerkleProofs.consistency(memory, from, size));
            }
            for (long leaf : new long[] {0, 255, 256, 12_345, leaves - 1}) {
                long at = store.offsetOf(0, leaf).orElseThrow();
                assertThat(store.leafOf(0, at, leaves)).contains(leaf);
                long next = leaf + 1 < leaves ? store.offsetOf(0, leaf + 1).orElseThrow() : at + 1;
                if (next > at + 1) {
                    assertThat(store.leafOf(0, at + 1, leaves)).as("an offset without a record").isEmpty();
                }
            }
        }
    }
}
