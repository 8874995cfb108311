package io.veritrail.projector.apply;

/** {@code create-<type>}: a new entity of that type, version 1; creating an id that exists is refused. */
public final class CreateEntityApplier implements EventApplier {
    private final String entityType;

    public CreateEntityApplier(String entityType) {
        this.entityType = entityType;
    }

    @Override
    public String eventType() {
        return "create-" + entityType;
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current != null && !current.deleted()) {
            throw new RejectedEventException(current.type() + " " + event.entityGuid() + " exists already");
        }
        if (current != null) {
            throw new RejectedEventException(event.entityGuid() + " was deleted; its id cannot be reused");
        }
        return Entity.created(entityType, event, event.data());
    }
}
