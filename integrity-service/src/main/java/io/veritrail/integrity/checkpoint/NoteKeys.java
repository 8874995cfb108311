package io.veritrail.integrity.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key formats of the signed-note standard (golang.org/x/mod/sumdb/note, C2SP signed-note) for Ed25519: a
 * verifier key is {@code <name>+<key id as 8 hex digits>+<base64(0x01 || 32-byte public key)>}, and the key id
 * is the first four bytes of SHA-256(name || '\n' || 0x01 || public key).
 */
public final class NoteKeys {
    static final byte ED25519 = 0x01;
    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key; the 32 key bytes follow it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private NoteKeys() {
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    public static PublicKey publicKey(byte[] raw) {
        try {
            byte[] encoded = new byte[X509_PREFIX.length + raw.length];
            System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
            System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static byte[] keyId(String name, byte[] rawPublicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(ED25519);
            sha.update(rawPublicKey);
            return Arrays.copyOf(sha.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String verifierKey(String name, byte[] rawPublicKey) {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(rawPublicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, rawPublicKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** A verifier key read back from its text form; its id is checked against its name and key. */
    public record Verifier(String name, byte[] keyId, PublicKey key) {
        public static Verifier parse(String text) {
            String[] parts = text.trim().split("\\+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a verifier key is name+keyid+base64key");
            }
            byte[] typed = Base64.getDecoder().decode(parts[2]);
            if (typed.length != 33 || typed[0] != ED25519) {
                throw new IllegalArgumentException("only Ed25519 verifier keys are supported");
            }
            byte[] raw = Arrays.copyOfRange(typed, 1, 33);
            byte[] id = HexFormat.of().parseHex(parts[1]);
            if (!Arrays.equals(id, NoteKeys.keyId(parts[0], raw))) {
                throw new IllegalArgumentException("the key id does not match the name and key");
            }
            return new Verifier(parts[0], id, publicKey(raw));
        }
    }
}
