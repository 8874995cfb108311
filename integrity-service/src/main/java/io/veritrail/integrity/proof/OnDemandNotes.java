package io.veritrail.integrity.proof;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The last checkpoint signed on demand for each partition (for a proof against a tree size no published checkpoint
 * has). Proofs asked between two checkpoints are nearly all against the same committed size, and an Ed25519
 * signature costs the JDK 0.3-1.3 ms: signing once per size keeps it out of all but the first such proof. A note
 * for a (partition, size) never changes, since the tree of that size is fixed; only the latest size is kept.
 */
final class OnDemandNotes {
    private record Signed(long size, String note) {
    }

    private final Map<Integer, Signed> latest = new ConcurrentHashMap<>();

    String note(int partition, long size, Supplier<String> sign) {
        Signed signed = latest.get(partition);
        if (signed != null && signed.size() == size) {
            return signed.note();
        }
        String note = sign.get();
        latest.put(partition, new Signed(size, note));
        return note;
    }
}
