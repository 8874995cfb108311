package io.veritrail.service.guids;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Entries keyed by a guid of UUID form, in sorted runs, sorted by guid in RocksDB's byte order (a UUID's two halves
 * compared as unsigned numbers). Pure: longs in, longs out. A service keeps its recent entries in runs and seals them
 * into {@link GuidSegments} in bulk, so that no entry costs a random insert into a tree.
 *
 * <p>An entry is a fixed number of longs ({@code fields}, at least 2): the guid's high and low halves, then whatever
 * the service keeps with it (integrity: partition and offset; ingest: those, the content's fingerprint and the
 * request's token). A run is read through a {@link LongBuffer}, so that one search and one merge serve both the runs
 * held in memory ({@code LongBuffer.wrap}) and the sealed segments, which are memory-mapped files of the same layout.
 */
public final class GuidRuns {
    /** The longs of an entry that are its guid. */
    public static final int GUID_LONGS = 2;

    private GuidRuns() {
    }

    /** Collects one write's entries, then sorts them into a run. */
    public static final class Builder {
        private final int fields;
        private long[] entries;
        private int count;

        public Builder(int fields) {
            if (fields < GUID_LONGS) {
                throw new IllegalArgumentException("an entry has at least the guid's two longs, not " + fields);
            }
            this.fields = fields;
            this.entries = new long[fields * 1024];
        }

        /** Adds the entry at {@code entry[0..fields)}; the array may be reused by the caller afterwards. */
        public void add(long[] entry) {
            if (fields * (count + 1) > entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            System.arraycopy(entry, 0, entries, fields * count++, fields);
        }

        public boolean isEmpty() {
            return count == 0;
        }

        /** The entries sorted by guid; of two entries with the same guid the later one is kept. */
        public long[] sortedRun() {
            return GuidRuns.sortedRun(entries, count, fields);
        }
    }

    /**
     * The first {@code count} entries of {@code entries} sorted by guid, into a new array; of two entries with the
     * same guid the later one is kept.
     */
    public static long[] sortedRun(long[] entries, int count, int fields) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // A stable sort of primitive indices: equal guids stay in arrival order, so the later one wins below.
        // (Boxed indices and a comparator lambda cost a fifth of the writing thread's time.)
        sortStably(order, entries, fields);
        long[] run = new long[fields * count];
        int written = 0;
        for (int i = 0; i < count; i++) {
            int from = fields * order[i];
            if (written > 0 && compare(run, fields * (written - 1), entries, from) == 0) {
                written--;
            }
            System.arraycopy(entries, from, run, fields * written++, fields);
        }
        return written == count ? run : Arrays.copyOf(run, fields * written);
    }

    /** Bottom-up merge sort of {@code order} (entry numbers) by the guid of each entry; stable. */
    private static void sortStably(int[] order, long[] entries, int fields) {
        int n = order.length;
        int[] from = order;
        int[] to = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int left = 0; left < n; left += 2 * width) {
                int mid = Math.min(left + width, n);
                int end = Math.min(left + 2 * width, n);
                int a = left;
                int b = mid;
                for (int k = left; k < end; k++) {
                    if (a < mid && (b >= end || compare(entries, fields * from[a], entries, fields * from[b]) <= 0)) {
                        to[k] = from[a++];
                    } else {
                        to[k] = from[b++];
                    }
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, n);
        }
    }

    public static int size(long[] run, int fields) {
        return run.length / fields;
    }

    /** Where the guid's entry starts in the run (an index of longs), by binary search; -1 if it is not there. */
    public static int find(long[] run, int fields, long high, long low) {
        return find(LongBuffer.wrap(run), fields, high, low);
    }

    /** {@link #find(long[], int, long, long)} in a run read from {@code run}'s index 0 to its limit. */
    public static int find(LongBuffer run, int fields, long high, long low) {
        int lowIndex = 0;
        int highIndex = run.limit() / fields - 1;
        while (lowIndex <= highIndex) {
            int mid = (lowIndex + highIndex) >>> 1;
            int at = fields * mid;
            int c = Long.compareUnsigned(run.get(at), high);
            if (c == 0) {
                c = Long.compareUnsigned(run.get(at + 1), low);
            }
            if (c == 0) {
                return at;
            }
            if (c < 0) {
                lowIndex = mid + 1;
            } else {
                highIndex = mid - 1;
            }
        }
        return -1;
    }

    /** Receives the entries of a merge, one at a time: the entry is {@code run}'s longs from index {@code at} on. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(LongBuffer run, int at);
    }

    /**
     * Every entry of the runs once, in guid order (a merge: each run is sorted already); where runs share a guid, the
     * entry of the later run wins, as a later put would. A heap of run numbers, so no entry allocates anything.
     */
    public static void merge(List<long[]> runs, int fields, EntrySink entryInOrder) {
        mergeBuffers(runs.stream().map(LongBuffer::wrap).toList(), fields, entryInOrder);
    }

    /**
     * {@link #merge} of runs read through buffers (index 0 to limit), later buffers winning ties. The guid at the head
     * of each run is kept in two arrays beside the heap: the heap compares heads a dozen times per entry out, and read
     * through the buffers each time (a list lookup, bounds checks, often a mapped page) they made a merge about twice as
     * slow ({@code GuidMergeBenchmark}).
     */
    public static void mergeBuffers(List<LongBuffer> runs, int fields, EntrySink entryInOrder) {
        Heads heads = new Heads(runs.size());
        int[] at = new int[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            LongBuffer run = runs.get(r);
            if (run.limit() > 0) {
                heads.add(r, run.get(0), run.get(1));
            }
        }
        heads.heapify();
        boolean any = false;
        long previousHigh = 0;
        long previousLow = 0;
        while (!heads.isEmpty()) {
            int r = heads.first();
            LongBuffer run = runs.get(r);
            int i = at[r];
            long high = heads.high[r];
            long low = heads.low[r];
            // The later of two runs with the same guid comes out first; the earlier ones are skipped.
            if (!any || high != previousHigh || low != previousLow) {
                entryInOrder.accept(run, i);
                previousHigh = high;
                previousLow = low;
                any = true;
            }
            at[r] = i + fields;
            if (at[r] == run.limit()) {
                heads.removeFirst();
            } else {
                heads.advanceFirst(run.get(at[r]), run.get(at[r] + 1));
            }
        }
    }

    /** A binary heap of run numbers ordered by the guid at each run's head (smaller first, later run on ties). */
    private static final class Heads {
        private final int[] heap;
        private final long[] high;
        private final long[] low;
        private int size;

        Heads(int runs) {
            heap = new int[runs];
            high = new long[runs];
            low = new long[runs];
        }

        void add(int run, long headHigh, long headLow) {
            heap[size++] = run;
            high[run] = headHigh;
            low[run] = headLow;
        }

        void heapify() {
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        boolean isEmpty() {
            return size == 0;
        }

        int first() {
            return heap[0];
        }

        void removeFirst() {
            heap[0] = heap[--size];
            siftDown(0);
        }

        void advanceFirst(long headHigh, long headLow) {
            high[heap[0]] = headHigh;
            low[heap[0]] = headLow;
            siftDown(0);
        }

        private void siftDown(int i) {
            while (true) {
                int smallest = i;
                int left = 2 * i + 1;
                int right = left + 1;
                if (left < size && before(heap[left], heap[smallest])) {
                    smallest = left;
                }
                if (right < size && before(heap[right], heap[smallest])) {
                    smallest = right;
                }
                if (smallest == i) {
                    return;
                }
                int swap = heap[i];
                heap[i] = heap[smallest];
                heap[smallest] = swap;
                i = smallest;
            }
        }

        /** Whether run {@code a}'s head comes out before run {@code b}'s: smaller guid, or same guid and later run. */
        private boolean before(int a, int b) {
            int c = Long.compareUnsigned(high[a], high[b]);
            if (c == 0) {
                c = Long.compareUnsigned(low[a], low[b]);
            }
            return c != 0 ? c < 0 : a > b;
        }
    }

    public static byte[] encode(long[] run) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * run.length);
        buffer.asLongBuffer().put(run);
        return buffer.array();
    }

    public static long[] decode(byte[] bytes) {
        long[] run = new long[bytes.length / 8];
        ByteBuffer.wrap(bytes).asLongBuffer().get(run);
        return run;
    }

    private static int compare(long[] a, int atA, long[] b, int atB) {
        int c = Long.compareUnsigned(a[atA], b[atB]);
        return c != 0 ? c : Long.compareUnsigned(a[atA + 1], b[atB + 1]);
    }
}
