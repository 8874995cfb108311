package io.veritrail.projector.store;

/** Names of the projector's state stores; their changelog topics are named after them. */
public final class StoreNames {
    /** Current entity documents by entity id. */
    public static final String ENTITIES = "entities";
    /** Guids of every event applied or rejected, so that an event produced twice is applied once. */
    public static final String SEEN_GUIDS = "seen-guids";

    /** Groups a member was added to before the member itself was created, by member id. */
    public static final String PENDING_GROUPS = "pending-groups";

    private StoreNames() {
    }
}
