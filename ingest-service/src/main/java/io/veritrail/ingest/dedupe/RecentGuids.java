package io.veritrail.ingest.dedupe;

import io.veritrail.service.guids.GuidHash;
import io.veritrail.service.guids.GuidRuns;
import java.util.Arrays;

/**
 * The guid index's entries not yet sealed into a file: an open-addressing hash table over one array of entries
 * (each {@code fields} longs, the guid first), so that adding or finding a guid is a hash and a probe or two, with
 * no object per entry. Not thread-safe: its owner locks. Once full it is sorted into a run and sealed whole.
 */
final class RecentGuids {
    private final int fields;
    private long[] entries;
    private int count;
    /** Entry number + 1 of each slot; 0 for an empty slot. Twice as many slots as entries, at least. */
    private int[] slots;

    RecentGuids(int fields) {
        this.fields = fields;
        this.entries = new long[fields * 1024];
        this.slots = new int[2048];
    }

    int size() {
        return count;
    }

    /**
     * Adds a copy of {@code entry[0..fields)} with its place set ({@link EntryLayout#place}); an entry already held
     * for the same guid is replaced, as a later put replaces an earlier one.
     */
    void put(long[] entry, int partition, long offset) {
        int slot = slotOf(entry[0], entry[1]);
        int at;
        if (slots[slot] != 0) {
            at = fields * (slots[slot] - 1);
        } else {
            if (fields * (count + 1) > entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            at = fields * count++;
            slots[slot] = count;
        }
        System.arraycopy(entry, 0, entries, at, fields);
        EntryLayout.place(entries, at, partition, offset);
        if (2 * count > slots.length) {
            rehash(2 * slots.length);
        }
    }

    /** Copies the guid's entry into {@code into} and says true, or says false if the guid is not held. */
    boolean find(long high, long low, long[] into) {
        int slot = slotOf(high, low);
        if (slots[slot] == 0) {
            return false;
        }
        System.arraycopy(entries, fields * (slots[slot] - 1), into, 0, fields);
        return true;
    }

    /** The entries sorted by guid (a copy). */
    long[] sortedRun() {
        return GuidRuns.sortedRun(entries, count, fields);
    }

    /** The slot holding the guid, or the empty slot where it would go: linear probing from the guid's hash. */
    private int slotOf(long high, long low) {
        int mask = slots.length - 1;
        int slot = (int) GuidHash.of(high, low) & mask;
        while (true) {
            int held = slots[slot];
            if (held == 0) {
                return slot;
            }
            int at = fields * (held - 1);
            if (entries[at] == high && entries[at + 1] == low) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void rehash(int size) {
        slots = new int[size];
        int mask = size - 1;
        for (int n = 0; n < count; n++) {
            int slot = (int) GuidHash.of(entries[fields * n], entries[fields * n + 1]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = n + 1;
        }
    }
}
