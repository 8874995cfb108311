package io.veritrail.examples.caseworker;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import io.veritrail.projector.apply.RejectedEventException;
import java.util.Map;

/**
 * {@code assign-case-worker} with {@code {"caseWorkerId": "..."}}: the seed document's custom applier. Records who
 * looks after an individual or a group, and since when (the event's timestamp).
 */
public final class AssignCaseWorkerApplier implements EventApplier {
    @Override
    public String eventType() {
        return "assign-case-worker";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current == null || current.deleted()) {
            throw new RejectedEventException("no entity " + event.entityGuid() + " to assign a case worker to");
        }
        if (!(event.data().get("caseWorkerId") instanceof String worker) || worker.isBlank()) {
            throw new RejectedEventException("data.caseWorkerId must be a non-empty string");
        }
        return current.next(event, current.mergedWith(Map.of("caseWorker", worker,
                "assignmentDate", event.timestamp().toString())));
    }
}
