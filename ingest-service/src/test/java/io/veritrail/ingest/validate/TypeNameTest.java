package io.veritrail.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class TypeNameTest {
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,127}");

    /** The hand-written check accepts exactly what the documented pattern accepts. */
    @Property(tries = 3000)
    void sameAsThePattern(@ForAll @StringLength(min = 0, max = 140) @CharRange(from = 'a', to = 'z')
                          @CharRange(from = '0', to = '9') @Chars({'.', '-', '_', 'A', 'Z', ' ', '/', 'é'}) String type) {
        assertThat(EnvelopeValidator.isTypeName(type)).isEqualTo(TYPE.matcher(type).matches());
    }
}
