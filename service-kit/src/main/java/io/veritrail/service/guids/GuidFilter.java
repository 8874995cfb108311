package io.veritrail.service.guids;

import java.nio.LongBuffer;

/**
 * A blocked Bloom filter of guids: each guid sets six bits inside one block of 512 bits (a cache line), chosen by a
 * hash of both halves, so a lookup touches one line of memory whatever the filter's size. At ten bits a guid about
 * one absent guid in a hundred is let through to a search. Pure: the bits are a {@link LongBuffer}, an array's or a
 * memory-mapped file's.
 *
 * <p>It exists for lookups that mostly miss: ingest asks about every new event's guid, and without a filter each of
 * those is a binary search in every sealed file.
 */
public final class GuidFilter {
    public static final int BITS_PER_GUID = 10;
    private static final int BLOCK_LONGS = 8;
    private static final int BITS_SET = 6;

    private GuidFilter() {
    }

    /** The size of a filter for up to {@code guids} guids, in longs (whole blocks; 0 for none). */
    public static long longsFor(long guids) {
        long blocks = (guids * BITS_PER_GUID + 511) / 512;
        return blocks * BLOCK_LONGS;
    }

    public static void add(LongBuffer bits, long high, long low) {
        long hash = GuidHash.of(high, low);
        int block = block(bits, hash);
        long positions = GuidHash.mix(hash);
        for (int i = 0; i < BITS_SET; i++) {
            int bit = (int) (positions >>> (9 * i)) & 511;
            int at = block + (bit >>> 6);
            bits.put(at, bits.get(at) | 1L << bit);
        }
    }

    /** False if the guid was certainly never added; true if it may have been. An empty filter says true. */
    public static boolean mayContain(LongBuffer bits, long high, long low) {
        if (bits.limit() == 0) {
            return true;
        }
        long hash = GuidHash.of(high, low);
        int block = block(bits, hash);
        long positions = GuidHash.mix(hash);
        for (int i = 0; i < BITS_SET; i++) {
            int bit = (int) (positions >>> (9 * i)) & 511;
            if ((bits.get(block + (bit >>> 6)) & 1L << bit) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The first long of the guid's block: the hash's high half scaled to the number of blocks (no division). */
    private static int block(LongBuffer bits, long hash) {
        long blocks = bits.limit() / BLOCK_LONGS;
        return (int) (((hash >>> 32) * blocks) >>> 32) * BLOCK_LONGS;
    }
}
