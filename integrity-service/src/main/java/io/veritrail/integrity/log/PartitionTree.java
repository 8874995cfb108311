package io.veritrail.integrity.log;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;

/**
 * The Merkle tree of one partition of the log. Leaf i is the i-th data record in offset order; transaction
 * markers take offsets but are not records, so leaf index and offset differ and both are kept.
 */
final class PartitionTree {
    private final String topic;
    private final int partition;
    private final CompactRange range = new CompactRange();
    private long lastOffset = -1;

    PartitionTree(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /** Appends the record at {@code offset}; offsets must rise, or a leaf would be counted twice. */
    void append(long offset, byte[] value) {
        if (offset <= lastOffset) {
            throw new IllegalStateException("offset " + offset + " of " + topic + "-" + partition
                    + " is not after the last hashed offset " + lastOffset);
        }
        range.append(Rfc6962.leafHash(value));
        lastOffset = offset;
    }

    TreeHead head() {
        return new TreeHead(topic, partition, range.size(), Rfc6962.hex(range.root()), lastOffset);
    }
}
