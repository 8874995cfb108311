package io.veritrail.integrity.merkle;

/**
 * Tile arithmetic after the transparency-log tiles of C2SP: a tile of height 8 holds up to 256 consecutive hashes
 * of one tree level that is a multiple of 8 (leaves are tile level 0, level-8 nodes tile level 1, ...). Nodes of the
 * levels in between are recomputed from their tile, so a tree of n leaves stores about n + n/255 hashes in n/256
 * writes instead of 2n.
 */
public final class Tiles {
    public static final int HEIGHT = 8;
    public static final int WIDTH = 1 << HEIGHT;

    private Tiles() {
    }

    /** Whether a completed node is stored in a tile (its level is a multiple of the tile height). */
    public static boolean isStored(int level) {
        return level % HEIGHT == 0;
    }

    /** The hash of the perfect subtree at (level, index), given a way to read stored hashes of tile levels. */
    public static byte[] node(int level, long index, StoredHashes stored) {
        int tileLevel = level / HEIGHT;
        int height = level % HEIGHT;
        int span = 1 << height;
        long first = index << height;
        long tileIndex = first >>> HEIGHT;
        int offset = (int) (first & (WIDTH - 1));
        byte[][] hashes = stored.read(tileLevel, tileIndex, offset, span);
        for (int width = span; width > 1; width >>= 1) {
            for (int i = 0; i < width / 2; i++) {
                hashes[i] = Rfc6962.nodeHash(hashes[2 * i], hashes[2 * i + 1]);
            }
        }
        return hashes[0];
    }

    /** Reads {@code count} hashes from position {@code offset} of a tile. */
    @FunctionalInterface
    public interface StoredHashes {
        byte[][] read(int tileLevel, long tileIndex, int offset, int count);
    }
}
