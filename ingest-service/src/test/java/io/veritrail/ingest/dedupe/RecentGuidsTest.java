package io.veritrail.ingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table of recent guids against a plain map: through many growths, with guids put again, and misses. */
class RecentGuidsTest {
    @Test
    void findsWhatWasPutLastAndNothingElse() {
        Random random = new Random(3);
        RecentGuids table = new RecentGuids(EntryLayout.FIELDS);
        Map<List<Long>, long[]> expected = new LinkedHashMap<>();
        List<List<Long>> guids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            // A third of the puts are of a guid put before: the later entry replaces the earlier.
            List<Long> guid = !guids.isEmpty() && random.nextInt(3) == 0
                    ? guids.get(random.nextInt(guids.size())) : List.of(random.nextLong(), random.nextLong());
            if (!expected.containsKey(guid)) {
                guids.add(guid);
            }
            long[] entry = new long[EntryLayout.FIELDS];
            entry[0] = guid.get(0);
            entry[1] = guid.get(1);
            for (int f = 4; f < EntryLayout.FIELDS; f++) {
                entry[f] = random.nextLong();
            }
            int partition = random.nextInt(6);
            table.put(entry, partition, i);
            long[] placed = entry.clone();
            EntryLayout.place(placed, 0, partition, i);
            expected.put(guid, placed);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        long[] found = new long[EntryLayout.FIELDS];
        expected.forEach((guid, entry) -> {
            assertThat(table.find(guid.get(0), guid.get(1), found)).isTrue();
            assertThat(found).isEqualTo(entry);
        });
        for (int i = 0; i < 100_000; i++) {
            assertThat(table.find(random.nextLong(), random.nextLong(), found)).isFalse();
        }
    }
}
