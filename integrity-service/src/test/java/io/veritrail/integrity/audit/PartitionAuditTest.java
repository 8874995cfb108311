package io.veritrail.integrity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionAuditTest {
    /** Records at offsets 0, 2, 4, ... (as if each were followed by a transaction marker). */
    static final int RECORDS = 100;

    static byte[] value(int i) {
        return ("event-" + i).getBytes();
    }

    static Map<Long, byte[]> checkpointsEvery(int step) {
        Map<Long, byte[]> checkpoints = new HashMap<>();
        CompactRange range = new CompactRange();
        for (int i = 0; i < RECORDS; i++) {
            range.append(Rfc6962.leafHash(value(i)));
            if ((i + 1) % step == 0) {
                checkpoints.put(range.size(), range.root());
            }
        }
        return checkpoints;
    }

    static List<Finding> audit(Map<Long, byte[]> checkpoints, List<long[]> offsetsAndIndexes, Map<Integer, byte[]> altered,
                               java.util.function.LongFunction<byte[]> stored) {
        PartitionAudit audit = new PartitionAudit(4, checkpoints, stored);
        for (long[] record : offsetsAndIndexes) {
            int i = (int) record[1];
            audit.onRecord(record[0], altered.getOrDefault(i, value(i)));
        }
        return audit.finish();
    }

    static List<long[]> records(int from, int to) {
        List<long[]> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new long[] {2L * i, i});
        }
        return records;
    }

    @Test
    void anUntouchedLogIsClean() {
        assertThat(audit(checkpointsEvery(10), records(0, RECORDS), Map.of(), null)).isEmpty();
    }

    @Test
    void deletedRecordsAtTheStartAreNamed() {
        List<Finding> findings = audit(checkpointsEvery(10), records(7, RECORDS), Map.of(), null);
        assertThat(findings.getFirst()).satisfies(f -> {
            assertThat(f.partition()).isEqualTo(4);
            assertThat(f.kind()).isEqualTo(Finding.Kind.DELETED);
            assertThat(f.fromOffset()).isZero();
            assertThat(f.toOffset()).isEqualTo(13);
        });
    }

    @Test
    void anAlteredRecordIsPlacedBetweenCheckpointsOrExactlyWithStoredHashes() {
        Map<Integer, byte[]> altered = Map.of(42, "forged".getBytes());
        List<Finding> between = audit(checkpointsEvery(10), records(0, RECORDS), altered, null);
        assertThat(between).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ALTERED);
            assertThat(f.fromOffset()).isEqualTo(80);
            assertThat(f.toOffset()).isEqualTo(98);
        });
        List<Finding> exact = audit(checkpointsEvery(10), records(0, RECORDS), altered,
                leaf -> Rfc6962.leafHash(value((int) leaf)));
        assertThat(exact).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ALTERED);
            assertThat(f.fromOffset()).isEqualTo(84);
            assertThat(f.toOffset()).isEqualTo(84);
        });
    }

    @Test
    void recordsMissingAtTheEndAreNamed() {
        List<Finding> findings = audit(checkpointsEvery(10), records(0, 95), Map.of(), null);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MISSING);
            assertThat(f.fromOffset()).as("the first offset after the last record").isEqualTo(189);
            assertThat(f.detail()).contains("counts 100 records but the log holds 95");
        });
    }
}
