package io.veritrail.integrity.log;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import java.util.List;

/**
 * A partition's tree as of its last commit, its root computed only when asked and then kept. The writing thread
 * makes one of these for every partition at every poll, and most are never asked for their root (a checkpoint is
 * due only every {@link io.veritrail.integrity.checkpoint.CheckpointPolicy} interval): computing it each time cost
 * a hash per set bit of the tree's size, per partition and poll.
 */
final class CommittedTree {
    private final String topic;
    private final int partition;
    private final long size;
    private final long lastOffset;
    private final List<byte[]> subtreeRoots;
    private volatile byte[] root;

    CommittedTree(String topic, int partition, long size, long lastOffset, List<byte[]> subtreeRoots) {
        this.topic = topic;
        this.partition = partition;
        this.size = size;
        this.lastOffset = lastOffset;
        this.subtreeRoots = List.copyOf(subtreeRoots);
    }

    int partition() {
        return partition;
    }

    long size() {
        return size;
    }

    byte[] root() {
        byte[] known = root;
        if (known == null) {
            known = CompactRange.rootOf(subtreeRoots);
            root = known;
        }
        return known;
    }

    TreeHead head() {
        return new TreeHead(topic, partition, size, Rfc6962.hex(root()), lastOffset);
    }
}
