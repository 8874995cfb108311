package io.veritrail.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.ingest.dedupe.ContentFingerprint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks an event envelope as a client sent it (parsed JSON) and reports every broken rule at once, so a client
 * fixes its request in one round trip. Pure: no Kafka, no HTTP.
 */
public final class EnvelopeValidator {
    public static final int MAX_ID_LENGTH = 256;
    /** Metadata describes the delivery (device, app version, source, correlation id): small by nature. */
    public static final int MAX_METADATA_ENTRIES = 32;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    /** No event predates the Unix epoch; an earlier timestamp is a client's clock or code at fault. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Set<String> SYNC_LEVELS = Set.of("LOCAL", "REMOTE", "EXTERNAL");
    static final Set<String> FIELDS = Set.of("guid", "entityGuid", "type", "data", "timestamp", "userId",
            "syncLevel", "schemaVersion", "metadata");

    private final Clock clock;
    private final Duration maxFutureSkew;

    /**
     * @param maxFutureSkew how far past the ingest clock an event's timestamp may be: device clocks drift, but an
     *                      event from the future would sort wrongly in every as-of query
     */
    public EnvelopeValidator(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public EnvelopeValidator() {
        this(Clock.systemUTC(), DEFAULT_MAX_FUTURE_SKEW);
    }

    public Validation validate(JsonNode body) {
        return validate(body, null);
    }

    /**
     * @param compactData the event's data exactly as the client sent it, when that text is compact JSON already
     *                    ({@link JsonText#parseEvents}); null to write the parsed data out
     */
    public Validation validate(JsonNode body, byte[] compactData) {
        List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Validation.Invalid(List.of(new Violation("/", "the event must be a JSON object")));
        }
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!isEnvelopeField(name)) {
                violations.add(new Violation("/" + name, "unknown field; allowed: " + String.join(", ", sorted(FIELDS))));
            }
        }
        String guid = requiredText(body, "guid", violations);
        if (guid != null && !isUuid(guid)) {
            violations.add(new Violation("/guid", "must be a UUID, e.g. 3f0c8a52-8f6e-4d8e-b0a4-2f5d1b0f7c11"));
        }
        String entityGuid = requiredText(body, "entityGuid", violations);
        if (entityGuid != null && entityGuid.length() > MAX_ID_LENGTH) {
            violations.add(new Violation("/entityGuid", "longer than " + MAX_ID_LENGTH + " characters"));
        }
        String type = requiredText(body, "type", violations);
        if (type != null && !isTypeName(type)) {
            violations.add(new Violation("/type", "must be lowercase letters, digits, '.' or '-' (at most 128), e.g. create-individual"));
        }
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            violations.add(new Violation("/data", "is required"));
        } else if (!data.isObject()) {
            violations.add(new Violation("/data", "must be a JSON object"));
        }
        Instant timestamp = null;
        String timestampText = requiredText(body, "timestamp", violations);
        if (timestampText != null) {
            try {
                timestamp = io.veritrail.service.json.Instants.parse(timestampText);
                Instant latest = clock.instant().plus(maxFutureSkew);
                if (timestamp.isAfter(latest)) {
                    violations.add(new Violation("/timestamp", "is in the future: more than " + maxFutureSkew.toSeconds()
                            + " s past the ingest clock (" + clock.instant() + ")"));
                } else if (timestamp.isBefore(EARLIEST)) {
                    violations.add(new Violation("/timestamp", "is before 1970-01-01T00:00:00Z"));
                }
            } catch (DateTimeParseException e) {
                violations.add(new Violation("/timestamp", "must be an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z"));
            }
        }
        String userId = requiredText(body, "userId", violations);
        if (userId != null && userId.length() > MAX_ID_LENGTH) {
            violations.add(new Violation("/userId", "longer than " + MAX_ID_LENGTH + " characters"));
        }
        String syncLevel = "LOCAL";
        JsonNode sync = body.get("syncLevel");
        if (sync != null && !sync.isNull()) {
            if (!sync.isTextual() || !SYNC_LEVELS.contains(sync.asText())) {
                violations.add(new Violation("/syncLevel", "must be one of LOCAL, REMOTE, EXTERNAL"));
            } else {
                syncLevel = sync.asText();
            }
        }
        int schemaVersion = 1;
        JsonNode version = body.get("schemaVersion");
        if (version != null && !version.isNull()) {
            if (!version.isInt() || version.asInt() < 1) {
                violations.add(new Violation("/schemaVersion", "must be a whole number of at least 1"));
            } else {
                schemaVersion = version.asInt();
            }
        }
        Map<String, String> metadata = metadata(body.get("metadata"), violations);
        if (!violations.isEmpty()) {
            return new Validation.Invalid(violations);
        }
        return new Validation.Valid(new IncomingEvent(guid, entityGuid, type,
                compactData != null ? compactData : utf8(data), timestamp, userId,
                syncLevel, schemaVersion, metadata, ContentFingerprint.of(guid, entityGuid, type, data, timestamp,
                userId, syncLevel, schemaVersion)));
    }

    /** Compact JSON in UTF-8, written straight as bytes: text would be encoded again for the record. */
    private static byte[] utf8(JsonNode data) {
        try {
            return io.veritrail.service.json.Json.mapper().writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }

    private static Map<String, String> metadata(JsonNode node, List<Violation> violations) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            violations.add(new Violation("/metadata", "must be a JSON object of strings"));
            return metadata;
        }
        if (node.size() > MAX_METADATA_ENTRIES) {
            violations.add(new Violation("/metadata", "more than " + MAX_METADATA_ENTRIES + " entries"));
            return metadata;
        }
        node.properties().forEach(entry -> {
            if (entry.getKey().length() > MAX_METADATA_KEY || entry.getKey().isEmpty()) {
                violations.add(new Violation("/metadata", "keys are 1 to " + MAX_METADATA_KEY + " characters"));
            } else if (entry.getValue().isTextual() && entry.getValue().asText().length() > MAX_METADATA_VALUE) {
                violations.add(new Violation("/metadata/" + entry.getKey(), "longer than " + MAX_METADATA_VALUE
                        + " characters"));
            } else if (entry.getValue().isTextual()) {
                metadata.put(entry.getKey(), entry.getValue().asText());
            } else {
                violations.add(new Violation("/metadata/" + entry.getKey(), "must be a string"));
            }
        });
        return metadata;
    }

    private static String requiredText(JsonNode body, String field, List<Violation> violations) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            violations.add(new Violation("/" + field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation("/" + field, "must be a string"));
            return null;
        }
        if (node.asText().isBlank()) {
            violations.add(new Violation("/" + field, "must not be blank"));
            return null;
        }
        return node.asText();
    }

    /** {@code [a-z0-9][a-z0-9.-]{0,127}}, checked by hand: the pattern matcher showed in the per-event profile. */
    static boolean isTypeName(String type) {
        if (type.isEmpty() || type.length() > 128) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Membership of {@link #FIELDS} as a switch: the set's probe showed in the per-event profile (nine an event). */
    static boolean isEnvelopeField(String name) {
        return switch (name) {
            case "guid", "entityGuid", "type", "data", "timestamp", "userId", "syncLevel", "schemaVersion",
                 "metadata" -> true;
            default -> false;
        };
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
