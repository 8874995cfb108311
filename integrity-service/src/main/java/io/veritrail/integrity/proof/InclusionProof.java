package io.veritrail.integrity.proof;

import java.util.List;

/** An inclusion proof as HTTP and the CLI print it (DESIGN.md, Integrity). Hashes are lowercase hex. */
public record InclusionProof(String topic, int partition, long offset, long leafIndex, long treeSize, String leafHash,
                             List<String> auditPath, String rootHash, String checkpoint) {
    public InclusionProof {
        auditPath = List.copyOf(auditPath);
    }
}
