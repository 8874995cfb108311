package io.veritrail.service.guids;

/**
 * The one hash of a guid's two halves that guid structures share (the files' Bloom filters, ingest's table of recent
 * guids). Guids need not be random: version 7 UUIDs share their leading bits, so both halves are mixed.
 */
public final class GuidHash {
    private GuidHash() {
    }

    public static long of(long high, long low) {
        return mix(high ^ Long.rotateLeft(low, 29) ^ 0x9E3779B97F4A7C15L);
    }

    /** A 64-bit finaliser (the one of SplitMix64): every input bit moves every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
