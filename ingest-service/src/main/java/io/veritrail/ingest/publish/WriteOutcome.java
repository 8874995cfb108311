package io.veritrail.ingest.publish;

/**
 * What became of one event handed to the {@link LogWriter}. {@code place} is where the event with this guid lives
 * in the log: the new record when {@code WRITTEN}, the earlier one otherwise.
 */
public record WriteOutcome(Status status, Accepted place) {
    public enum Status {
        /** Written now. */
        WRITTEN,
        /** The same event (same guid, same content) was written before; nothing was written now. */
        DUPLICATE,
        /** The guid was used before by an event with other content; nothing was written now. */
        CONFLICT,
        /** The entity's data was erased (its key destroyed): it takes no new events. Nothing was written. */
        ERASED
    }
}
