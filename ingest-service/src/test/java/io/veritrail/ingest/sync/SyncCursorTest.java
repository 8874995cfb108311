package io.veritrail.ingest.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncCursorTest {

    @Test
    void roundTripsAndStartsFromZero() {
        SyncCursor cursor = SyncCursor.start().with(0, 12).with(5, 3);
        assertThat(SyncCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(SyncCursor.decode(cursor.encode()).position(4)).isZero();
        assertThat(SyncCursor.decode(null).positions()).isEqualTo(Map.of());
        assertThat(cursor.encode()).doesNotContain("=", "+", "/");
    }

    @Test
    void refusesWhatItDidNotGiveOut() {
        assertThatThrownBy(() -> SyncCursor.decode("!!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("1:x".getBytes())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("1:-4".getBytes())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
