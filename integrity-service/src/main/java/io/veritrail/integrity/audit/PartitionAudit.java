package io.veritrail.integrity.audit;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Recomputes one partition's tree from its records, read from the start of the log, and compares it with every
 * signed checkpoint of that partition. Pure: records in, findings out. When the service's own stored leaf hashes
 * are at hand, an altered record is pinned to its exact offset; otherwise to the stretch between two checkpoints.
 */
public final class PartitionAudit {
    private final int partition;
    private final NavigableMap<Long, byte[]> checkpoints;
    private final LongFunction<byte[]> storedLeafHash;
    private final CompactRange range = new CompactRange();
    private final List<Finding> findings = new ArrayList<>();
    private long lastMatchedSize;
    private long firstOffsetAfterMatch = -1;
    private long lastOffset = -1;
    private boolean started;
    private boolean leafMismatchReported;

    /**
     * @param checkpoints    tree size to root hash, from verified checkpoints
     * @param storedLeafHash the hash the service stored for a leaf index, or null where none is known
     */
    public PartitionAudit(int partition, Map<Long, byte[]> checkpoints, LongFunction<byte[]> storedLeafHash) {
        this.partition = partition;
        this.checkpoints = new TreeMap<>(checkpoints);
        this.storedLeafHash = storedLeafHash == null ? leaf -> null : storedLeafHash;
    }

    public void onRecord(long offset, byte[] value) {
        if (!started) {
            started = true;
            if (offset > 0 && range.size() == 0) {
                findings.add(new Finding(partition, Finding.Kind.DELETED, 0, offset - 1,
                        "the log starts at offset " + offset + "; the records before it were deleted"));
            }
        }
        byte[] leaf = Rfc6962.leafHash(value);
        long index = range.size();
        byte[] stored = storedLeafHash.apply(index);
        if (stored != null && !MessageDigest.isEqual(stored, leaf) && !leafMismatchReported) {
            leafMismatchReported = true;
            findings.add(new Finding(partition, Finding.Kind.ALTERED, offset, offset, "leaf " + index
                    + " hashes to " + Rfc6962.hex(leaf) + " but was hashed as " + Rfc6962.hex(stored)));
        }
        range.append(leaf);
        lastOffset = offset;
        if (range.size() == lastMatchedSize + 1) {
            firstOffsetAfterMatch = offset;
        }
        byte[] expected = checkpoints.get(range.size());
        if (expected != null) {
            compare(range.size(), expected);
        }
    }

    private void compare(long size, byte[] expected) {
        if (MessageDigest.isEqual(range.root(), expected)) {
            lastMatchedSize = size;
        } else if (!leafMismatchReported) {
            boolean deleted = findings.stream().anyMatch(f -> f.kind() == Finding.Kind.DELETED);
            findings.add(new Finding(partition, deleted ? Finding.Kind.DELETED : Finding.Kind.ALTERED,
                    firstOffsetAfterMatch, lastOffset, "the root of the first " + size
                            + " records differs from the signed checkpoint of that size; the first " + lastMatchedSize
                            + " records still match"));
            leafMismatchReported = true;
        }
    }

    /** Call after the last record of the partition; answers everything found. */
    public List<Finding> finish() {
        long size = range.size();
        Map.Entry<Long, byte[]> largest = checkpoints.lastEntry();
        if (largest != null && largest.getKey() > size) {
            findings.add(new Finding(partition, Finding.Kind.MISSING, lastOffset + 1, -1, "a signed checkpoint counts "
                    + largest.getKey() + " records but the log holds " + size));
        }
        return List.copyOf(findings);
    }

    public long leaves() {
        return range.size();
    }

    public int checkpointsCompared(long upTo) {
        return checkpoints.headMap(upTo, true).size();
    }
}
