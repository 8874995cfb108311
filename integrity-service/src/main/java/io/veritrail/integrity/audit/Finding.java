package io.veritrail.integrity.audit;

/**
 * Something the audit found wrong with one partition of the log, with the offsets concerned (inclusive range;
 * -1 where unknown). DELETED: records gone from the start of the log; MISSING: fewer records than a checkpoint
 * counted; ALTERED: a record's bytes no longer hash as they did; FORKED: two signed checkpoints disagree.
 */
public record Finding(int partition, Kind kind, long fromOffset, long toOffset, String detail) {
    public enum Kind { DELETED, MISSING, ALTERED, FORKED }

    @Override
    public String toString() {
        String where = fromOffset < 0 ? "" : fromOffset == toOffset ? " at offset " + fromOffset
                : " at offsets " + fromOffset + ".." + (toOffset < 0 ? "?" : Long.toString(toOffset));
        return "partition " + partition + ": " + kind + where + " - " + detail;
    }
}
