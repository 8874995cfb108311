package io.veritrail.ingest.reference;

/** Whether an entity exists now, as the projector sees it. */
@FunctionalInterface
public interface EntityLookup {
    boolean exists(String entityId);

    /** The lookup could not be made (the projector is down or rebalancing): the event can be retried. */
    class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
