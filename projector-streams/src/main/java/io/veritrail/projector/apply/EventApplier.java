package io.veritrail.projector.apply;

/**
 * Folds one event type into an entity. This is the extension point for custom event types: implement it,
 * list the class in {@code META-INF/services/io.veritrail.projector.apply.EventApplier}, and put the jar on the
 * projector's classpath. Appliers must be pure: the same entity and event always give the same result, with no
 * I/O, clock or randomness, because replay and time travel run them again and must reach the same state.
 */
public interface EventApplier {
    /** The event {@code type} this applier handles, e.g. {@code assign-case-worker}. */
    String eventType();

    /**
     * The entity after the event.
     *
     * @param current the entity before the event, or null when no entity has this id yet
     * @throws RejectedEventException when the event must not be applied (the entity stays unchanged)
     */
    Entity apply(Entity current, Event event);
}
