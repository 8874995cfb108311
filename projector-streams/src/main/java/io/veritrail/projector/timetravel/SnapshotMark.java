package io.veritrail.projector.timetravel;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * What the search for a base snapshot needs to know of a snapshot, in 20 bytes: the latest timestamp among the
 * events before it and the version the entity had (0 if those events did not create it). The binary search reads
 * marks instead of whole snapshots, so its cost does not grow with the entity's size: only the chosen snapshot is
 * decoded.
 */
public record SnapshotMark(Instant maxTimestamp, long version) {

    public static SnapshotMark of(Snapshot snapshot) {
        return new SnapshotMark(snapshot.maxTimestamp(), snapshot.entity() == null ? 0 : snapshot.entity().version());
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(20).putLong(maxTimestamp.getEpochSecond()).putInt(maxTimestamp.getNano())
                .putLong(version).array();
    }

    public static SnapshotMark of(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new SnapshotMark(Instant.ofEpochSecond(buffer.getLong(), buffer.getInt()), buffer.getLong());
    }
}
