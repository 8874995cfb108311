package io.veritrail.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.ingest.reference.EntityLookup;
import io.veritrail.ingest.reference.MemberExists;
import io.veritrail.ingest.schema.DataSchemas;
import io.veritrail.schemas.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every rule an event must pass before it may enter the log, in one place for both front doors (HTTP and the
 * {@code events.inbox} topic): the envelope, a known type, the data against the type's registered schema for the
 * event's {@code schemaVersion}, and the references the type needs (the member of {@code add-member}).
 */
public final class EventChecks {
    private final EnvelopeValidator envelope;
    private final DataSchemas schemas;
    private final MemberExists members;

    public EventChecks(EnvelopeValidator envelope, DataSchemas schemas, MemberExists members) {
        this.envelope = envelope;
        this.schemas = schemas;
        this.members = members;
    }

    /**
     * @param compactData    the event's data as the client sent it, when that is compact JSON already (else null)
     * @param createdEarlier entities created by earlier events of the same batch (an add-member may name them)
     * @throws ChecksUnavailableException when a rule cannot be checked now
     */
    public Validation check(JsonNode body, byte[] compactData, Set<String> createdEarlier) {
        Validation structure = envelope.validate(body, compactData);
        if (!(structure instanceof Validation.Valid(IncomingEvent event))) {
            return structure;
        }
        List<Violation> violations = new ArrayList<>(dataViolations(event, body.get("data")));
        if (violations.isEmpty()) {
            try {
                members.check(event, createdEarlier).ifPresent(violations::add);
            } catch (EntityLookup.UnavailableException e) {
                throw new ChecksUnavailableException("whether the member exists cannot be checked right now", e);
            }
        }
        return violations.isEmpty() ? structure : new Validation.Invalid(violations);
    }

    private List<Violation> dataViolations(IncomingEvent event, JsonNode data) {
        DataSchemas.Lookup lookup;
        try {
            lookup = schemas.find(event.type(), event.schemaVersion());
        } catch (RegistryException e) {
            throw new ChecksUnavailableException("the schema registry cannot be asked for the data schema of "
                    + event.type() + " right now", e);
        }
        return switch (lookup) {
            case DataSchemas.Lookup.Found(var schema) -> schema.check(data);
            case DataSchemas.Lookup.UnknownType() -> List.of(new Violation("/type", "unknown event type "
                    + event.type() + ": register the schema of its data in the schema registry first"));
            case DataSchemas.Lookup.UnknownVersion() -> List.of(new Violation("/schemaVersion", event.type()
                    + " has no data schema version " + event.schemaVersion()));
        };
    }

    /** The checks an inbox record takes: the same, except that a member may only be one the log already has. */
    public Validation check(JsonNode body) {
        return check(body, null, Set.of());
    }
}
