package io.veritrail.integrity.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Guids of UUID form and where their events are, in sorted runs: one run per write of the store, sorted by guid in
 * RocksDB's byte order (a UUID's two halves compared as unsigned numbers). Pure: arrays in, arrays out; the store
 * keeps the runs, and seals them into the RocksDB guid index in bulk, so that no record costs a random insert.
 *
 * <p>A run holds {@value #FIELDS} longs per entry: the guid's high and low halves, the partition and the offset.
 */
final class GuidRuns {
    static final int FIELDS = 4;

    private GuidRuns() {
    }

    /** Collects one write's entries, then sorts them into a run. */
    static final class Builder {
        private long[] entries = new long[FIELDS * 1024];
        private int count;

        void add(long high, long low, int partition, long offset) {
            if (FIELDS * (count + 1) > entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            int at = FIELDS * count++;
            entries[at] = high;
            entries[at + 1] = low;
            entries[at + 2] = partition;
            entries[at + 3] = offset;
        }

        boolean isEmpty() {
            return count == 0;
        }

        /** The entries sorted by guid; of two entries with the same guid the later one is kept. */
        long[] sortedRun() {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int byGuid = compare(entries, FIELDS * a, entries, FIELDS * b);
                return byGuid != 0 ? byGuid : Integer.compare(a, b);
            });
            long[] run = new long[FIELDS * count];
            int written = 0;
            for (int i = 0; i < count; i++) {
                int from = FIELDS * order[i];
                if (written > 0 && compare(run, FIELDS * (written - 1), entries, from) == 0) {
                    written--;
                }
                System.arraycopy(entries, from, run, FIELDS * written++, FIELDS);
            }
            return Arrays.copyOf(run, FIELDS * written);
        }
    }

    static int size(long[] run) {
        return run.length / FIELDS;
    }

    /** Where the guid is, by binary search in one run. */
    static Optional<IntegrityStore.Location> find(long[] run, long high, long low) {
        int lowIndex = 0;
        int highIndex = size(run) - 1;
        while (lowIndex <= highIndex) {
            int mid = (lowIndex + highIndex) >>> 1;
            int at = FIELDS * mid;
            int c = Long.compareUnsigned(run[at], high);
            if (c == 0) {
                c = Long.compareUnsigned(run[at + 1], low);
            }
            if (c == 0) {
                return Optional.of(new IntegrityStore.Location((int) run[at + 2], run[at + 3]));
            }
            if (c < 0) {
                lowIndex = mid + 1;
            } else {
                highIndex = mid - 1;
            }
        }
        return Optional.empty();
    }

    /**
     * Every entry of the runs once, in guid order (a merge: each run is sorted already); where runs share a guid, the
     * entry of the later run wins, as a later put would.
     */
    static void merge(List<long[]> runs, Consumer<long[]> entryInOrder) {
        record Cursor(int run, long[] entries, int at) {
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> {
            int byGuid = compare(a.entries(), a.at(), b.entries(), b.at());
            return byGuid != 0 ? byGuid : Integer.compare(b.run(), a.run());
        });
        for (int r = 0; r < runs.size(); r++) {
            if (runs.get(r).length > 0) {
                heads.add(new Cursor(r, runs.get(r), 0));
            }
        }
        long[] previous = null;
        long[] entry = new long[FIELDS];
        while (!heads.isEmpty()) {
            Cursor head = heads.poll();
            System.arraycopy(head.entries(), head.at(), entry, 0, FIELDS);
            if (previous == null || compare(previous, 0, entry, 0) != 0) {
                entryInOrder.accept(entry.clone());
                previous = entry.clone();
            }
            if (head.at() + FIELDS < head.entries().length) {
                heads.add(new Cursor(head.run(), head.entries(), head.at() + FIELDS));
            }
        }
    }

    static byte[] encode(long[] run) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * run.length);
        buffer.asLongBuffer().put(run);
        return buffer.array();
    }

    static long[] decode(byte[] bytes) {
        long[] run = new long[bytes.length / 8];
        ByteBuffer.wrap(bytes).asLongBuffer().get(run);
        return run;
    }

    private static int compare(long[] a, int atA, long[] b, int atB) {
        int c = Long.compareUnsigned(a[atA], b[atB]);
        return c != 0 ? c : Long.compareUnsigned(a[atA + 1], b[atB + 1]);
    }
}
