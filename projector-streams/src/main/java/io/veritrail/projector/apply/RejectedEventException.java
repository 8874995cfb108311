package io.veritrail.projector.apply;

/** Thrown by an applier to refuse an event; the reason reaches the rejection topic and the logs. */
public class RejectedEventException extends RuntimeException {
    public RejectedEventException(String reason) {
        super(reason);
    }
}
