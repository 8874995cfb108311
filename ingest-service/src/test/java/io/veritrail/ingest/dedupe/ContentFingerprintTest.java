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
}
