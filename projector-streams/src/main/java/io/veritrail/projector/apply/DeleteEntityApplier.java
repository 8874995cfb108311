package io.veritrail.projector.apply;

/**
 * {@code delete-entity}: the entity is gone from current reads; its history and last data stay. Deleting what
 * does not exist, or twice, is refused. The optional {@code reason} is kept in the event, not the entity.
 */
public final class DeleteEntityApplier implements EventApplier {
    @Override
    public String eventType() {
        return "delete-entity";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current == null) {
            throw new RejectedEventException("no entity " + event.entityGuid() + " to delete");
        }
        if (current.deleted()) {
            throw new RejectedEventException(event.entityGuid() + " is deleted already");
        }
        return current.deletedBy(event);
    }
}
