package io.veritrail.ingest.publish;

/** The log did not confirm a write in time; the client may retry the same event (same guid) safely later. */
public class LogUnavailableException extends RuntimeException {
    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
