package io.veritrail.projector.upcast;

import java.util.Map;

/**
 * Lifts the data of one event type from one schema version to the next, so that events written before a schema
 * change keep folding after it: the log is never rewritten, old events are upcast each time they are read (fold,
 * replay, time travel). Implement it, list the class in
 * {@code META-INF/services/io.veritrail.projector.upcast.EventUpcaster} beside your appliers, and register the new
 * data schema version in the registry. Appliers then only ever see the newest version.
 *
 * <p>Upcasters must be pure (no I/O, clock or randomness) for the same reason appliers must: replay and time travel
 * run them again and must reach the same state.
 */
public interface EventUpcaster {
    /** The event {@code type} this upcaster handles. */
    String eventType();

    /** The version it reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /**
     * The event's data in version {@code fromVersion() + 1}.
     *
     * @throws io.veritrail.projector.apply.RejectedEventException when the old data cannot be lifted
     */
    Map<String, Object> upcast(Map<String, Object> data);
}
