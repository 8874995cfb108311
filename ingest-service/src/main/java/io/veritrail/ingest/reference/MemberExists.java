package io.veritrail.ingest.reference;

import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.ingest.validate.Violation;
import io.veritrail.service.json.Json;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule that spans entities: an {@code add-member} names a member that exists. The projector cannot decide
 * it while replaying (the member lives on another partition, read in another order), so it is decided here, when
 * the event is written: the member must be readable from the projector, or be created earlier in the same batch.
 */
public final class MemberExists {
    private final EntityLookup lookup;

    public MemberExists(EntityLookup lookup) {
        this.lookup = lookup;
    }

    public Optional<Violation> check(IncomingEvent event, Set<String> createdEarlierInBatch) {
        if (!"add-member".equals(event.type())) {
            return Optional.empty();
        }
        String member;
        try {
            member = Json.mapper().readTree(event.dataUtf8()).path("memberGuid").asText("");
        } catch (Exception e) {
            return Optional.of(new Violation("/data", "is not readable JSON"));
        }
        if (member.isBlank()) {
            return Optional.of(new Violation("/data/memberGuid", "is required: the id of the member entity"));
        }
        if (createdEarlierInBatch.contains(member) || lookup.exists(member)) {
            return Optional.empty();
        }
        return Optional.of(new Violation("/data/memberGuid", "no entity " + member + " exists"));
    }
}
