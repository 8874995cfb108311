package io.veritrail.projector.apply;

/** What folding one event did: applied, giving a new entity, or rejected, leaving the entity as it was. */
public sealed interface Outcome {
    record Applied(Entity entity) implements Outcome {
    }

    record Rejected(String reason) implements Outcome {
    }
}
