package io.veritrail.ingest.dedupe;

/**
 * Where an event guid was first written, the fingerprint of its content, and the token of the request that wrote
 * it (so a writer retrying a request can tell its own landed write from another instance's). Both are empty for a
 * record that carries none (written by something other than ingest): such a guid is taken as used, whatever the
 * content.
 */
public record PriorWrite(int partition, long offset, String fingerprint, String requestToken) {
    /** Whether a new event with this fingerprint is a retry of this one rather than a different event. */
    public boolean sameContentAs(String otherFingerprint) {
        return fingerprint.isEmpty() || fingerprint.equals(otherFingerprint);
    }
}
