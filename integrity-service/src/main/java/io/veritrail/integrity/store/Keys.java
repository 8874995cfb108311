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

    static byte[] checkpoint(int partition) {
        return ByteBuffer.allocate(5).put(CHECKPOINT).putInt(partition).array();
    }

    static byte[] guid(String guid) {
        byte[] text = guid.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put(GUID).put(text).array();
    }
}
