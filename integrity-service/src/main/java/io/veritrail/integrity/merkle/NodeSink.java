package io.veritrail.integrity.merkle;

/** Receives each perfect subtree a {@link CompactRange} append completes, so that it can be stored for proofs. */
@FunctionalInterface
public interface NodeSink {
    NodeSink NONE = (level, index, hash) -> { };

    void completed(int level, long index, byte[] hash);
}
