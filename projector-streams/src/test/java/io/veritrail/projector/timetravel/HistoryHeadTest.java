package io.veritrail.projector.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.projector.store.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryHeadTest {

    @Test
    void aHeadStoredBeforeTheIndexedLayoutReadsAsLayoutZero() {
        byte[] old = "{\"lastSeq\":7,\"maxTimestamp\":\"2026-01-01T00:00:00Z\",\"onDemandSnapshotSeq\":0}"
                .getBytes(StandardCharsets.UTF_8);
        HistoryHead head = JsonSerde.of(HistoryHead.class).deserializer().deserialize("t", old);
        assertThat(head.indexed()).isFalse();
        assertThat(head.next(Instant.parse("2026-01-02T00:00:00Z")).indexed()).as("stays legacy").isFalse();
        assertThat(HistoryHead.EMPTY.next(Instant.EPOCH).indexed()).as("a new entity").isTrue();
    }

    @Test
    void snapshotMarksKeepTheTimestampExactly() {
        SnapshotMark mark = new SnapshotMark(Instant.parse("2026-01-01T00:00:00.000123456Z"), 42);
        assertThat(SnapshotMark.of(mark.bytes())).isEqualTo(mark);
    }
}
