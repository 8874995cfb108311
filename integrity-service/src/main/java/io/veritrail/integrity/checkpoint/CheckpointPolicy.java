package io.veritrail.integrity.checkpoint;

import java.time.Duration;

/** When a partition's tree deserves a new checkpoint: after N new leaves, or T after the last one if it grew. */
public record CheckpointPolicy(long everyRecords, Duration every) {
    public boolean due(long size, long lastCheckpointSize, long lastCheckpointMillis, long nowMillis) {
        if (size <= lastCheckpointSize) {
            return false;
        }
        return size - lastCheckpointSize >= everyRecords || nowMillis - lastCheckpointMillis >= every.toMillis();
    }
}
