package io.veritrail.integrity.proof;

import java.util.List;
import java.util.Objects;

/** An inclusion proof as HTTP and the CLI print it (DESIGN.md, Integrity). Hashes are lowercase hex. */
public record InclusionProof(String topic, int partition, long offset, long leafIndex, long treeSize, String leafHash,
                             List<String> auditPath, String rootHash, String checkpoint) {
    /** A proof read from JSON names what it lacks, rather than failing later inside the verifier. */
    public InclusionProof {
        Objects.requireNonNull(leafHash, "leafHash is missing");
        Objects.requireNonNull(rootHash, "rootHash is missing");
        Objects.requireNonNull(checkpoint, "checkpoint is missing");
        auditPath = List.copyOf(Objects.requireNonNull(auditPath, "auditPath is missing"));
    }
}
