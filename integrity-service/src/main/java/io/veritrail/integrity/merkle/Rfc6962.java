package io.veritrail.integrity.merkle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of RFC 6962 (Certificate Transparency, kept in RFC 9162): SHA-256 with a one-byte domain prefix,
 * 0x00 for leaves and 0x01 for interior nodes, so that a leaf can never pass for a node.
 */
public final class Rfc6962 {
    public static final int HASH_SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final HexFormat HEX = HexFormat.of();

    private Rfc6962() {
    }

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static byte[] leafHash(byte[] leafInput) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(leafInput);
        return digest.digest();
    }

    /** The leaf hash of the bytes between the buffer's position and limit; the buffer itself is not moved. */
    public static byte[] leafHash(ByteBuffer leafInput) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        if (leafInput.hasArray()) {
            // The fetched records' buffers are views of heap arrays: read in place, without a duplicate per record.
            digest.update(leafInput.array(), leafInput.arrayOffset() + leafInput.position(), leafInput.remaining());
        } else {
            digest.update(leafInput.duplicate());
        }
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    /** One digest per thread: looking a provider up for every hash cost more than a seventh of hashing time. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private static MessageDigest sha256() {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest;
    }
}
