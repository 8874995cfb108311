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
    /**
     * Per slot, the entry number + 1 in the low half and the upper half of the guid's hash (a tag) in the high half;
     * 0 for an empty slot. Twice as many slots as entries, at least. Nearly every lookup is of a guid the table does
     * not have: the tag settles an occupied slot without reading its entry, a second cache miss (measured: the probe
     * was a fifth of the writer thread's time without tags).
     */
    private long[] slots;

    RecentGuids(int fields) {
        this.fields = fields;
        this.entries = new long[fields * 1024];
        this.slots = new long[2048];
    }

    int size() {
        return count;
    }

    /**
     * Adds a copy of {@code entry[0..fields)} with its place set ({@link EntryLayout#place}); an entry already held
     * for the same guid is replaced, as a later put replaces an earlier one.
     */
    void put(long[] entry, int partition, long offset) {
        long hash = GuidHash.of(entry[0], entry[1]);
        int slot = slotOf(hash, entry[0], entry[1]);
        int at;
        if (slots[slot] != 0) {
            at = fields * ((int) slots[slot] - 1);
        } else {
            if (fields * (count + 1) > entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            at = fields * count++;
            slots[slot] = tagged(hash, count);
        }
        System.arraycopy(entry, 0, entries, at, fields);
        EntryLayout.place(entries, at, partition, offset);
        if (2 * count > slots.length) {
            rehash(2 * slots.length);
        }
    }

    /** Copies the guid's entry into {@code into} and says true, or says false if the guid is not held. */
    boolean find(long high, long low, long[] into) {
        int slot = slotOf(GuidHash.of(high, low), high, low);
        if (slots[slot] == 0) {
            return false;
        }
        System.arraycopy(entries, fields * ((int) slots[slot] - 1), into, 0, fields);
        return true;
    }

    /** The entries sorted by guid (a copy). */
    long[] sortedRun() {
        return GuidRuns.sortedRun(entries, count, fields);
    }

    /** The slot holding the guid, or the empty slot where it would go: linear probing from the guid's hash. */
    private int slotOf(long hash, long high, long low) {
        int mask = slots.length - 1;
        int slot = (int) hash & mask;
        int tag = (int) (hash >>> 32);
        while (true) {
            long held = slots[slot];
            if (held == 0) {
                return slot;
            }
            if ((int) (held >>> 32) == tag) {
                int at = fields * ((int) held - 1);
                if (entries[at] == high && entries[at + 1] == low) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long tagged(long hash, int entryNumberPlusOne) {
        return (hash & 0xFFFF_FFFF_0000_0000L) | entryNumberPlusOne;
    }

    private void rehash(int size) {
        slots = new long[size];
        int mask = size - 1;
        for (int n = 0; n < count; n++) {
            long hash = GuidHash.of(entries[fields * n], entries[fields * n + 1]);
            int slot = (int) hash & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = tagged(hash, n + 1);
        }
    }
}
