package io.veritrail.integrity.proof;

import java.util.List;

/** A consistency proof as HTTP and the CLI print it (DESIGN.md, Integrity). Hashes are lowercase hex. */
public record ConsistencyProof(String topic, int partition, long fromSize, long toSize, String fromRoot, String toRoot,
                               List<String> proof) {
    public ConsistencyProof {
        proof = List.copyOf(proof);
    }
}
