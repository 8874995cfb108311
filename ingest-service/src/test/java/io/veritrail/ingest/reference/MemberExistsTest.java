package io.veritrail.ingest.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.ingest.validate.Violation;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberExistsTest {
    private final Set<String> known = Set.of("p1");
    private final MemberExists rule = new MemberExists(known::contains);

    static IncomingEvent event(String type, String data) {
        return new IncomingEvent("3f0c8a52-8f6e-4d8e-b0a4-2f5d1b0f7c11", "g1", type,
                data.getBytes(java.nio.charset.StandardCharsets.UTF_8), Instant.EPOCH, "u", "LOCAL",
                1, Map.of(), "fp");
    }

    @Test
    void anExistingMemberOrOneCreatedEarlierInTheBatchPasses() {
        assertThat(rule.check(event("add-member", "{\"memberGuid\":\"p1\"}"), Set.of())).isEmpty();
        assertThat(rule.check(event("add-member", "{\"memberGuid\":\"p7\"}"), Set.of("p7"))).isEmpty();
    }

    @Test
    void anUnknownOrMissingMemberIsNamed() {
        assertThat(rule.check(event("add-member", "{\"memberGuid\":\"p9\"}"), Set.of()))
                .contains(new Violation("/data/memberGuid", "no entity p9 exists"));
        assertThat(rule.check(event("add-member", "{}"), Set.of())).get()
                .extracting(Violation::field).isEqualTo("/data/memberGuid");
    }

    @Test
    void otherEventTypesAreNotLookedUp() {
        MemberExists neverAsked = new MemberExists(id -> {
            throw new AssertionError("looked up " + id);
        });
        assertThat(neverAsked.check(event("update-group", "{\"memberGuid\":\"p9\"}"), Set.of())).isEmpty();
    }

    @Test
    void anUnreachableProjectorIsNotAnAnswer() {
        MemberExists down = new MemberExists(id -> {
            throw new EntityLookup.UnavailableException("down", null);
        });
        assertThatThrownBy(() -> down.check(event("add-member", "{\"memberGuid\":\"p1\"}"), Set.of()))
                .isInstanceOf(EntityLookup.UnavailableException.class);
    }
}
