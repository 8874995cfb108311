package io.veritrail.integrity.checkpoint;

import java.util.Base64;

/**
 * A C2SP tlog-checkpoint body: the log's origin, its tree size and root hash, one per line. Signed as a note, it
 * is the statement "this log had this many leaves with this root", which inclusion and consistency proofs are
 * checked against.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash) {
    public Checkpoint {
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("an origin is one non-empty line");
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("a root hash has 32 bytes");
        }
    }

    public String text() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** Reads the first three lines of a checkpoint body; extension lines after them are allowed and ignored. */
    public static Checkpoint parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length < 4) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash, each on a line");
        }
        try {
            return new Checkpoint(lines[0], Long.parseUnsignedLong(lines[1]), Base64.getDecoder().decode(lines[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed checkpoint: " + e.getMessage(), e);
        }
    }
}
