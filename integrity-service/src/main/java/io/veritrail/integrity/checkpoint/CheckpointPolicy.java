package io.veritrail.integrity.checkpoint;

import java.time.Duration;

/** When a partition's tree deserves a new checkpoint: after N new leaves, or T after the last one if it grew. */
public record CheckpointPolicy(long everyRecords, Duration every) {
    /**
     * Every 100,000 records or 10 seconds. The time bound is what a reader waits for a checkpoint at ordinary
     * rates; the record bound only acts when one partition takes more than 10,000 records a second, or catches up.
     * Each checkpoint is a signed note kept forever and compared by every audit, and the JDK's Ed25519 costs
     * 0.3-1.3 ms a signature here; past about 40 signatures in a fresh JVM the compiler spends some 0.8 s of CPU on
     * its curve arithmetic (measured). At 10,000 records, a catch-up of a million records signed a hundred notes
     * and paid all of that; at 100,000 it signs about ten.
     */
    public static final int DEFAULT_EVERY_RECORDS = 100_000;
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(DEFAULT_EVERY_RECORDS, DEFAULT_EVERY);

    public boolean due(long size, long lastCheckpointSize, long lastCheckpointMillis, long nowMillis) {
        if (size <= lastCheckpointSize) {
            return false;
        }
        return size - lastCheckpointSize >= everyRecords || nowMillis - lastCheckpointMillis >= every.toMillis();
    }
}
