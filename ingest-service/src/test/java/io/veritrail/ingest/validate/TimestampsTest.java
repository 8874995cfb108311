package io.veritrail.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Property
    void theFastPathReadsWhatInstantParseReads(@ForAll @LongRange(min = 0, max = 253402300799L) long seconds,
                                               @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                               @ForAll @IntRange(min = 0, max = 9) int digits) {
        String fraction = String.format("%09d", nanos).substring(0, digits);
        String text = Instant.ofEpochSecond(seconds).toString().substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Test
    void whatInstantParseRefusesIsRefused() {
        for (String bad : new String[] {"2026-13-45T99:00:00Z", "2026-02-30T10:00:00Z", "2026-01-31T09:30:00",
                "2026-01-31 09:30:00Z", "yesterday", "2026-0a-31T09:30:00Z", "2026-01-31T24:00:01Z"}) {
            assertThatThrownBy(() -> Timestamps.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
        assertThat(Timestamps.parse("2026-01-31T09:30:00+01:00")).isEqualTo(Instant.parse("2026-01-31T08:30:00Z"));
    }
}
