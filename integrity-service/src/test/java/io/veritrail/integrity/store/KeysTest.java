package io.veritrail.integrity.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;

class KeysTest {

    /** Reading the guid from the record key's bytes gives the same index key as parsing it as text. */
    @Property
    void guidFromRecordKeyBytesEqualsGuidFromText(@ForAll @NotEmpty String entity, @ForAll boolean uuid,
                                                  @ForAll @NotEmpty String other) {
        String guid = uuid ? UUID.randomUUID().toString() : other.replace("/", "_");
        byte[] recordKey = (entity + "/" + guid).getBytes(StandardCharsets.UTF_8);
        assertThat(Keys.guidOfRecordKey(java.nio.ByteBuffer.wrap(recordKey))).isEqualTo(Keys.guid(guid));
    }

    /** The key read from a view into a larger buffer (as the consumer hands it over) is the same key. */
    @Property
    void guidFromAViewOfTheKeyEqualsGuidFromText(@ForAll @NotEmpty String entity, @ForAll boolean uuid,
                                                 @ForAll @NotEmpty String other, @ForAll boolean upperCase) {
        String guid = uuid ? UUID.randomUUID().toString() : other.replace("/", "_");
        guid = upperCase ? guid.toUpperCase(java.util.Locale.ROOT) : guid;
        byte[] recordKey = (entity + "/" + guid).getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[recordKey.length + 10];
        java.util.Arrays.fill(framed, (byte) '/');
        System.arraycopy(recordKey, 0, framed, 5, recordKey.length);
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(framed, 5, recordKey.length).slice();
        assertThat(Keys.guidOfRecordKey(view)).isEqualTo(Keys.guid(guid));
        assertThat(view.remaining()).isEqualTo(recordKey.length);
    }
}
