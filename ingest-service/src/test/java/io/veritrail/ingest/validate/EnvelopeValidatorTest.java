package io.veritrail.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EnvelopeValidator validator = new EnvelopeValidator();

    static ObjectNode valid() {
        ObjectNode event = JSON.createObjectNode()
                .put("guid", "3f0c8a52-8f6e-4d8e-b0a4-2f5d1b0f7c11")
                .put("entityGuid", "person-1")
                .put("type", "create-individual")
                .put("timestamp", "2026-01-31T09:30:00Z")
                .put("userId", "collector-7")
                .put("syncLevel", "REMOTE");
        event.putObject("data").put("name", "Ada");
        event.putObject("metadata").put("deviceId", "tab-3");
        return event;
    }

    private Validation.Invalid invalid(JsonNode body) {
        Validation result = validator.validate(body);
        assertThat(result).isInstanceOf(Validation.Invalid.class);
        return (Validation.Invalid) result;
    }

    /** The field check is a switch beside the set the error message lists: both name the same fields. */
    @Test
    void theFieldCheckAndTheListedFieldsAgree() {
        assertThat(EnvelopeValidator.FIELDS).allMatch(EnvelopeValidator::isEnvelopeField);
        assertThat(List.of("Guid", "entityguid", "id", "", "meta")).noneMatch(EnvelopeValidator::isEnvelopeField);
    }

    @Test
    void acceptsACompleteEnvelope() {
        Validation result = validator.validate(valid());
        assertThat(result).isInstanceOf(Validation.Valid.class);
        IncomingEvent event = ((Validation.Valid) result).event();
        assertThat(event.entityGuid()).isEqualTo("person-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-01-31T09:30:00Z"));
        assertThat(event.dataJson()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(event.syncLevel()).isEqualTo("REMOTE");
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.metadata()).containsEntry("deviceId", "tab-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"guid", "entityGuid", "type", "data", "timestamp", "userId"})
    void eachRequiredFieldIsNamedWhenMissing(String field) {
        ObjectNode event = valid();
        event.remove(field);
        assertThat(invalid(event).violations()).containsExactly(new Violation("/" + field, "is required"));
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        ObjectNode event = valid().put("guid", "not-a-uuid").put("timestamp", "yesterday").put("syncLevel", "CLOUD")
                .put("type", "Create Individual").put("schemaVersion", 0).put("colour", "red");
        event.put("data", "text");
        assertThat(invalid(event).violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "/guid", "/timestamp", "/syncLevel", "/type", "/schemaVersion", "/colour", "/data");
    }

    @Test
    void refusesWrongTypesAndBlankIds() {
        ObjectNode event = valid().put("userId", "  ");
        event.put("entityGuid", 42);
        event.putObject("metadata").put("retries", 3);
        assertThat(invalid(event).violations()).containsExactlyInAnyOrder(
                new Violation("/userId", "must not be blank"),
                new Violation("/entityGuid", "must be a string"),
                new Violation("/metadata/retries", "must be a string"));
    }

    @Test
    void refusesANonObjectBody() {
        assertThat(invalid(JSON.createArrayNode()).violations()).extracting(Violation::field).containsExactly("/");
    }

    @Test
    void refusesOverlongIds() {
        ObjectNode event = valid().put("entityGuid", "x".repeat(EnvelopeValidator.MAX_ID_LENGTH + 1));
        assertThat(invalid(event).violations()).extracting(Violation::field).containsExactly("/entityGuid");
    }
}
