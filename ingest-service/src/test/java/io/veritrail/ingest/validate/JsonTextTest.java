package io.veritrail.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.service.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Reading events while keeping each event's data text: the text kept is always exactly what writing the parsed
 * data compactly gives, and the tree is the one the plain reader builds.
 */
class JsonTextTest {
    @Property(tries = 2_000)
    void keptDataTextIsWhatWritingTheParsedDataGives(@ForAll("objects") String data, @ForAll boolean batch)
            throws Exception {
        String event = "{\"guid\":\"g\", \"data\" : " + data + ",\"type\":\"t\"}";
        byte[] body = (batch ? "[ " + event + " , {\"data\":{}} ]" : event).getBytes(StandardCharsets.UTF_8);
        JsonText.Events parsed = JsonText.parseEvents(body);
        assertThat(parsed.root()).isEqualTo(JsonText.parse(body));
        JsonNode first = batch ? parsed.root().get(0) : parsed.root();
        byte[] kept = parsed.compactDataOf(first);
        if (kept != null) {
            assertThat(new String(kept, StandardCharsets.UTF_8))
                    .isEqualTo(Json.mapper().writeValueAsString(first.get("data")));
        }
        if (isPlain(data)) {
            assertThat(kept).as("compact text with whole numbers and no escapes is kept: " + data).isNotNull();
        }
    }

    /** What the generator marks as compact: no spaces, escapes, decimals or exponents, and no -0. */
    private static boolean isPlain(String data) {
        return !data.contains(" ") && !data.contains("\\") && !data.matches("(?s).*[0-9][.eE].*")
                && !data.contains("-0");
    }

    @Provide
    Arbitrary<String> objects() {
        return object(3);
    }

    private Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Arbitraries.oneOf(key(), key()).flatMap(k -> value(depth).map(v -> k + ":" + v));
        return member.list().ofMaxSize(4).uniqueElements(m -> m.substring(0, m.indexOf("\":") + 1))
                .flatMap(members -> Arbitraries.of("", " ").map(space -> "{" + space
                        + String.join("," + space, members) + "}"));
    }

    private Arbitrary<String> value(int depth) {
        List<Arbitrary<String>> leaves = List.of(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("0", "-0", "1.50", "-2.0", "1e3", "12E-2", "0.0000001", "123456789012345678901234567890"),
                Arbitraries.of("true", "false", "null"),
                Arbitraries.strings().withChars("abcé€ü/\"\\\t\u2028").ofMaxLength(8).map(JsonTextTest::quoted),
                Arbitraries.strings().alpha().ofMaxLength(8).map(s -> "\"" + s + "\""));
        if (depth == 0) {
            return Arbitraries.oneOf(leaves);
        }
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3)
                .map(values -> "[" + String.join(",", values) + "]");
        return Arbitraries.oneOf(Arbitraries.oneOf(leaves), array, Arbitraries.lazy(() -> object(depth - 1)));
    }

    private static Arbitrary<String> key() {
        return Arbitraries.strings().withChars("ab/é\"").ofMinLength(1).ofMaxLength(4).map(JsonTextTest::quoted);
    }

    /** A JSON string literal; quotes, backslashes and control characters escaped, anything else as it is. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Test
    void aDuplicateKeyOrATrailingValueIsRefusedAsByThePlainReader() {
        for (String body : List.of("{\"data\":{},\"data\":{}}", "[{\"a\":1,\"a\":2}]", "{\"data\":{\"x\":1,\"x\":1}}",
                "{\"data\":{}} {}", "[{}] 1", "[{\"data\":{}}")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> JsonText.parse(bytes)).as(body).isInstanceOf(JsonText.MalformedException.class);
            assertThatThrownBy(() -> JsonText.parseEvents(bytes)).as(body)
                    .isInstanceOf(JsonText.MalformedException.class);
        }
        for (String body : List.of("{\"guid\":\"a\",\"guid\":\"b\"}", "[{\"data\":{\"guid\":[{\"guid\":1,\"guid\":2}]}}]")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> JsonText.parse(bytes)).as(body).hasMessageStartingWith(
                    "the body is not valid JSON: Duplicate field 'guid' (line 1, column ");
            assertThatThrownBy(() -> JsonText.parseEvents(bytes)).as(body).hasMessageStartingWith(
                    "the body is not valid JSON: Duplicate field 'guid' (line 1, column ");
        }
    }
}
