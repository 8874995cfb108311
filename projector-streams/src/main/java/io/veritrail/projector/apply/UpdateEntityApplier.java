package io.veritrail.projector.apply;

/**
 * {@code update-<type>}: a shallow merge of the event's fields into the entity's data; a field given as null is
 * removed. Only an existing, not deleted entity of that type can be updated.
 */
public final class UpdateEntityApplier implements EventApplier {
    private final String entityType;

    public UpdateEntityApplier(String entityType) {
        this.entityType = entityType;
    }

    @Override
    public String eventType() {
        return "update-" + entityType;
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current == null || current.deleted()) {
            throw new RejectedEventException("no " + entityType + " " + event.entityGuid() + " to update");
        }
        if (!current.type().equals(entityType)) {
            throw new RejectedEventException(event.entityGuid() + " is a " + current.type() + ", not a " + entityType);
        }
        return current.next(event, current.mergedWith(event.data()));
    }
}
