package io.veritrail.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        ByteBuffer buffer = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
        WireFormat.writeHeader(buffer, 0x01020304);
        assertThat(buffer.array()).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId(buffer.array())).isEqualTo(0x01020304);
    }

    @Test
    void refusesOtherFormats() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
    }
}
