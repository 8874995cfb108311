package io.veritrail.ingest.validate;

import java.util.List;

/** The outcome of validating one event: either the event, or every rule it broke. */
public sealed interface Validation {
    record Valid(IncomingEvent event) implements Validation {
    }

    record Invalid(List<Violation> violations) implements Validation {
        public Invalid {
            violations = List.copyOf(violations);
        }
    }
}
