package io.veritrail.integrity.proof;

import java.util.List;
import java.util.Objects;

/** A consistency proof as HTTP and the CLI print it (DESIGN.md, Integrity). Hashes are lowercase hex. */
public record ConsistencyProof(String topic, int partition, long fromSize, long toSize, String fromRoot, String toRoot,
                               List<String> proof) {
    /** A proof read from JSON names what it lacks, rather than failing later inside the verifier. */
    public ConsistencyProof {
        Objects.requireNonNull(fromRoot, "fromRoot is missing");
        Objects.requireNonNull(toRoot, "toRoot is missing");
        proof = List.copyOf(Objects.requireNonNull(proof, "proof is missing"));
    }
}
