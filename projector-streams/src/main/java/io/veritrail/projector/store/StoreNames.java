package io.veritrail.projector.store;

/** Names of the projector's state stores; their changelog topics are named after them. */
public final class StoreNames {
    /** Current entity documents by entity id. */
    public static final String ENTITIES = "entities";

    private StoreNames() {
    }
}
