package io.veritrail.integrity.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layout of the integrity store: a one-byte kind, then big-endian numbers, so RocksDB's byte order is
 * numeric order and one partition's keys of one kind are contiguous.
 */
final class Keys {
    static final byte TILE = 't';
    static final byte OFFSETS = 'o';
    static final byte STATE = 's';
    static final byte GUID = 'g';
    static final byte CHECKPOINT = 'c';
    /** A run of guids not yet sealed into the guid index ({@link io.veritrail.service.guids.GuidRuns}), by run number. */
    static final byte GUID_RUN = 'r';

    private Keys() {
    }

    static byte[] tile(int partition, int tileLevel, long tileIndex) {
        return ByteBuffer.allocate(14).put(TILE).putInt(partition).put((byte) tileLevel).putLong(tileIndex).array();
    }

    static byte[] offsets(int partition, long tileIndex) {
        return ByteBuffer.allocate(13).put(OFFSETS).putInt(partition).putLong(tileIndex).array();
    }

    static byte[] state(int partition) {
        return ByteBuffer.allocate(5).put(STATE).putInt(partition).array();
    }

    static byte[] guidRun(long run) {
        return ByteBuffer.allocate(9).put(GUID_RUN).putLong(run).array();
    }

    /** Whether a guid key is that of a UUID (its two halves follow the kind byte). */
    static boolean isUuidGuid(byte[] guidKey) {
        return guidKey.length == 17 && guidKey[0] == GUID;
    }

    static byte[] checkpoint(int partition) {
        return ByteBuffer.allocate(5).put(CHECKPOINT).putInt(partition).array();
    }

    /**
     * The guid key of a record key {@code <entityGuid>/<guid>} read straight from its bytes (no strings: this runs
     * once per record), or null when the key has no guid part.
     */
    static byte[] guidOfRecordKey(ByteBuffer recordKey) {
        int start = recordKey.position();
        int end = recordKey.limit();
        // The keys ingest writes end in a UUID: tried first, before any search for the slash.
        if (end - start >= 38 && recordKey.get(end - 37) == '/') {
            byte[] key = uuidKey(recordKey, end - 36);
            if (key != null) {
                return key;
            }
        }
        int slash = -1;
        for (int i = end - 1; i >= start; i--) {
            if (recordKey.get(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash <= start || slash == end - 1) {
            return null;
        }
        int length = end - slash - 1;
        if (length == 36) {
            byte[] key = uuidKey(recordKey, slash + 1);
            if (key != null) {
                return key;
            }
        }
        byte[] key = new byte[2 + length];
        key[0] = GUID;
        recordKey.get(slash + 1, key, 2, length);
        return key;
    }

    /**
     * Each byte's value as a hex digit, or -1. A table instead of comparisons: the digits of random UUIDs fall
     * unpredictably on either side of a range test, and mispredicted branches made parsing a key cost half as much
     * as hashing its record (measured: 175-230 ns a key before, 57-63 ns with the table).
     */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        java.util.Arrays.fill(HEX_VALUES, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            HEX_VALUES["0123456789abcdef".charAt(digit)] = (byte) digit;
            HEX_VALUES["0123456789ABCDEF".charAt(digit)] = (byte) digit;
        }
    }

    /** The 17-byte key of the UUID text at {@code from} (36 characters), or null if it is not a UUID. */
    private static byte[] uuidKey(ByteBuffer text, int from) {
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int position = 0; position < 36; position++) {
            int c = text.get(from + position);
            if (position == 8 || position == 13 || position == 18 || position == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int value = HEX_VALUES[c & 0xFF];
            if (value < 0) {
                return null;
            }
            if (digits++ < 16) {
                high = (high << 4) | value;
            } else {
                low = (low << 4) | value;
            }
        }
        byte[] key = new byte[17];
        key[0] = GUID;
        for (int i = 0; i < 8; i++) {
            key[1 + i] = (byte) (high >>> (56 - 8 * i));
            key[9 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return key;
    }

    /** Guids are UUIDs (ingest checks it): 16 bytes instead of 36 characters; other text is kept as it is. */
    static byte[] guid(String guid) {
        if (guid.length() == 36) {
            try {
                java.util.UUID uuid = java.util.UUID.fromString(guid);
                return ByteBuffer.allocate(17).put(GUID).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits()).array();
            } catch (IllegalArgumentException notAUuid) {
                // fall through
            }
        }
        byte[] text = guid.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).put(GUID).put((byte) 0).put(text).array();
    }
}
