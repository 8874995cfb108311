package io.veritrail.integrity.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommittedTreeTest {
    @Test
    void itsRootIsThatOfTheTreeWhenCommittedThoughAskedForAfterTheTreeGrewOn() {
        CompactRange range = new CompactRange();
        List<CommittedTree> committed = new ArrayList<>();
        List<byte[]> rootsThen = new ArrayList<>();
        for (int leaf = 0; leaf < 300; leaf++) {
            committed.add(new CommittedTree("events", 2, range.size(), 10L * leaf - 1, range.subtreeRoots()));
            rootsThen.add(range.root());
            range.append(Rfc6962.leafHash(ByteBuffer.allocate(4).putInt(leaf).array()));
        }
        for (int size = 0; size < committed.size(); size++) {
            TreeHead head = committed.get(size).head();
            assertThat(head.rootHash()).as("root of size %d", size).isEqualTo(Rfc6962.hex(rootsThen.get(size)));
            assertThat(head.treeSize()).isEqualTo(size);
            assertThat(head.lastOffset()).isEqualTo(10L * size - 1);
            assertThat(head.partition()).isEqualTo(2);
            assertThat(head.topic()).isEqualTo("events");
        }
        // The RFC 6962 root of the empty tree: SHA-256 of nothing.
        assertThat(committed.getFirst().head().rootHash())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
