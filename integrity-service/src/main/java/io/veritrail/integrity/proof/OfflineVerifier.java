package io.veritrail.integrity.proof;

import io.veritrail.integrity.checkpoint.Checkpoint;
import io.veritrail.integrity.checkpoint.NoteKeys;
import io.veritrail.integrity.checkpoint.SignedNote;
import io.veritrail.integrity.merkle.ProofVerifier;
import io.veritrail.integrity.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks proofs with no server: only the raw record bytes, the proof, signed checkpoints and the verifier key.
 * Every check that fails is reported, so a person sees what does not hold.
 */
public final class OfflineVerifier {
    private OfflineVerifier() {
    }

    /** The outcome: the checks that passed and those that failed. */
    public record Result(List<String> passed, List<String> failed) {
        public boolean ok() {
            return failed.isEmpty();
        }
    }

    public static Result inclusion(InclusionProof proof, byte[] record, String verifierKey) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        byte[] leafHash = Rfc6962.leafHash(record);
        check(Rfc6962.hex(leafHash).equals(proof.leafHash()), "the record hashes to the proof's leaf hash", passed, failed);
        Checkpoint checkpoint = openCheckpoint(proof.checkpoint(), verifierKey, passed, failed);
        if (checkpoint == null) {
            return new Result(passed, failed);
        }
        check(checkpoint.origin().endsWith("/" + proof.topic() + "/" + proof.partition()),
                "the checkpoint is of " + proof.topic() + " partition " + proof.partition(), passed, failed);
        check(checkpoint.treeSize() == proof.treeSize(), "the checkpoint's tree size is the proof's", passed, failed);
        check(Rfc6962.hex(checkpoint.rootHash()).equals(proof.rootHash()), "the checkpoint's root is the proof's",
                passed, failed);
        check(ProofVerifier.verifyInclusion(proof.leafIndex(), checkpoint.treeSize(), leafHash,
                        proof.auditPath().stream().map(Rfc6962::unhex).toList(), checkpoint.rootHash()),
                "the audit path leads from the record to the signed root (RFC 9162 2.1.3.2)", passed, failed);
        return new Result(passed, failed);
    }

    public static Result consistency(ConsistencyProof proof, String fromNote, String toNote, String verifierKey) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Checkpoint from = openCheckpoint(fromNote, verifierKey, passed, failed);
        Checkpoint to = openCheckpoint(toNote, verifierKey, passed, failed);
        if (from == null || to == null) {
            return new Result(passed, failed);
        }
        check(from.treeSize() == proof.fromSize() && to.treeSize() == proof.toSize(),
                "the checkpoints' sizes are the proof's", passed, failed);
        check(from.origin().equals(to.origin()), "both checkpoints are of the same log", passed, failed);
        check(ProofVerifier.verifyConsistency(from.treeSize(), to.treeSize(), from.rootHash(), to.rootHash(),
                        proof.proof().stream().map(Rfc6962::unhex).toList()),
                "the older tree is a prefix of the newer (RFC 9162 2.1.4.2)", passed, failed);
        return new Result(passed, failed);
    }

    private static Checkpoint openCheckpoint(String note, String verifierKey, List<String> passed, List<String> failed) {
        try {
            Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(note, NoteKeys.Verifier.parse(verifierKey)));
            passed.add("the checkpoint is signed by " + verifierKey.substring(0, verifierKey.indexOf('+')));
            return checkpoint;
        } catch (IllegalArgumentException e) {
            failed.add("the checkpoint does not verify: " + e.getMessage());
            return null;
        }
    }

    private static void check(boolean holds, String what, List<String> passed, List<String> failed) {
        (holds ? passed : failed).add(what);
    }
}
