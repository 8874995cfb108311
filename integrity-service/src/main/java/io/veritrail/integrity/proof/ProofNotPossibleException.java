package io.veritrail.integrity.proof;

/** A proof was asked for something the log does not hold (yet): an unknown event, offset, partition or size. */
public class ProofNotPossibleException extends RuntimeException {
    private final boolean notFound;

    public ProofNotPossibleException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public boolean notFound() {
        return notFound;
    }
}
