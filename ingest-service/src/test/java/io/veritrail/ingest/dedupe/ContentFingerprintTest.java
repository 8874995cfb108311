package io.veritrail.ingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContentFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-31T09:30:00Z");

    static String of(String entity, String data, Instant at) throws Exception {
        JsonNode node = JSON.readTree(data);
        return ContentFingerprint.of("g-1", entity, "create-individual", node, at, "u", "LOCAL", 1);
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatter() throws Exception {
        assertThat(of("e", "{\"a\":1,\"b\":{\"y\":[1,2],\"x\":null}}", AT))
                .isEqualTo(of("e", "{ \"b\" : {\"x\":null, \"y\":[1, 2]}, \"a\":1 }", AT));
    }

    @Test
    void anyChangeOfContentChangesIt() throws Exception {
        String base = of("e", "{\"a\":1}", AT);
        assertThat(of("e", "{\"a\":2}", AT)).isNotEqualTo(base);
        assertThat(of("e", "{\"a\":[1]}", AT)).isNotEqualTo(base);
        assertThat(of("f", "{\"a\":1}", AT)).isNotEqualTo(base);
        assertThat(of("e", "{\"a\":1}", AT.plusMillis(1))).isNotEqualTo(base);
        // Array order is content.
        assertThat(of("e", "{\"a\":[1,2]}", AT)).isNotEqualTo(of("e", "{\"a\":[2,1]}", AT));
    }

    @Test
    void subMillisecondDigitsAreNotContentBecauseTheLogKeepsMilliseconds() throws Exception {
        assertThat(of("e", "{}", AT.plusNanos(300))).isEqualTo(of("e", "{}", AT));
    }

    @Test
    void fieldBoundariesCount() throws Exception {
        JsonNode empty = JSON.readTree("{}");
        assertThat(ContentFingerprint.of("g", "ab", "c", empty, AT, "u", "LOCAL", 1))
                .isNotEqualTo(ContentFingerprint.of("g", "a", "bc", empty, AT, "u", "LOCAL", 1));
    }

    /**
     * The fingerprint is in every record's header in the log: a different value for the same event would make a
     * retry after an upgrade a 409. Pinned to the value the first implementation computed.
     */
    @Test
    void theFormatIsStable() throws Exception {
        var node = io.veritrail.service.json.Json.mapper().readTree("{\"name\":\"Ada\",\"n\":1.50,"
                + "\"big\":12345678901234567890,\"ok\":true,\"z\":null,\"list\":[1,\"\u00e9\",{\"b\":2,\"a\":1}]}");
        assertThat(ContentFingerprint.of("3f0c8a52-8f6e-4d8e-b0a4-2f5d1b0f7c11", "person-1", "create-individual", node,
                Instant.parse("2026-01-31T09:30:00.123Z"), "u1", "REMOTE", 2))
                .isEqualTo("4960eb0df53c1693844c5b708bfdcc5a6623e15f4f3a427238fdf9211a3f3037");
    }

    /** Objects of many members are sorted another way than small ones; the value is the same as it always was. */
    @Test
    void theFormatIsStableForObjectsOfManyMembers() throws Exception {
        StringBuilder descending = new StringBuilder("{");
        for (int i = 19; i >= 0; i--) {
            descending.append("\"k").append(i).append("\":").append(i).append(i == 0 ? "}" : ",");
        }
        var node = io.veritrail.service.json.Json.mapper().readTree(descending.toString());
        assertThat(ContentFingerprint.of("3f0c8a52-8f6e-4d8e-b0a4-2f5d1b0f7c11", "person-1", "create-individual", node,
                Instant.parse("2026-01-31T09:30:00.123Z"), "u1", "REMOTE", 2))
                .isEqualTo("a601a227a788c202686c8621c15f7a96b6b561514519f3f253446d84655be205");
    }
}
