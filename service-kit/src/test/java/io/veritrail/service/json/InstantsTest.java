package io.veritrail.service.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class InstantsTest {
    @Property
    void theFastPathReadsWhatInstantParseReads(@ForAll @LongRange(min = 0, max = 253402300799L) long seconds,
                                               @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                               @ForAll @IntRange(min = 0, max = 9) int digits) {
        String fraction = String.format("%09d", nanos).substring(0, digits);
        String text = Instant.ofEpochSecond(seconds).toString().substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";
        assertThat(Instants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Test
    void whatInstantParseRefusesIsRefused() {
        for (String bad : new String[] {"2026-13-45T99:00:00Z", "2026-02-30T10:00:00Z", "2026-01-31T09:30:00",
                "2026-01-31 09:30:00Z", "yesterday", "2026-0a-31T09:30:00Z", "2026-01-31T24:00:01Z"}) {
            assertThatThrownBy(() -> Instants.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
        assertThat(Instants.parse("2026-01-31T09:30:00+01:00")).isEqualTo(Instant.parse("2026-01-31T08:30:00Z"));
    }

    /** The shared mapper reads instants exactly as Jackson's own reader does, fast shape or not. */
    @Property
    void theMapperReadsInstantsAsJacksonDoes(@ForAll @LongRange(min = 0, max = 253402300799L) long seconds,
                                             @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                             @ForAll @IntRange(min = 0, max = 9) int digits) throws Exception {
        String fraction = String.format("%09d", nanos).substring(0, digits);
        String text = Instant.ofEpochSecond(seconds).toString().substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";
        com.fasterxml.jackson.databind.ObjectMapper jacksonOnly = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();
        String json = "\"" + text + "\"";
        assertThat(Json.mapper().readValue(json, Instant.class)).isEqualTo(jacksonOnly.readValue(json, Instant.class));
    }

    @Test
    void otherFormsGoToJacksonsReader() throws Exception {
        assertThat(Json.mapper().readValue("\"2026-01-31T09:30:00+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-01-31T08:30:00Z"));
        assertThat(Json.mapper().readValue("1769851800.5", Instant.class))
                .isEqualTo(Instant.ofEpochSecond(1769851800L, 500_000_000));
        assertThatThrownBy(() -> Json.mapper().readValue("\"yesterday\"", Instant.class))
                .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
    }
}
