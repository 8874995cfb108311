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
        assertThat(Keys.guidOfRecordKey(recordKey)).isEqualTo(Keys.guid(guid));
    }
}
