package io.veritrail.ingest.validate;

/**
 * A rule could not be checked right now (the schema registry or the projector did not answer): the event is neither
 * accepted nor refused, and the client retries with the same guid.
 */
public final class ChecksUnavailableException extends RuntimeException {
    public ChecksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
