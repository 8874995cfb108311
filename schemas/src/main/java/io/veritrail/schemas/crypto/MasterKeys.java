package io.veritrail.schemas.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that wrap entity data keys. The first is current (new data keys are wrapped with it); the others
 * are kept only to unwrap data keys wrapped before a rotation. Each wrapped key names its master key id.
 * Rotation: put a new key first in the file, keep the old one below it, restart the services; data keys wrapped by
 * the old key keep working, new ones use the new key. The old key may leave the file only after every data key
 * wrapped by it has been wrapped again (see the README).
 */
public final class MasterKeys {
    private final String currentId;
    private final Map<String, SecretKey> byId;

    private MasterKeys(String currentId, Map<String, SecretKey> byId) {
        this.currentId = currentId;
        this.byId = Map.copyOf(byId);
    }

    /** A file of lines {@code <id> <base64 of 32 bytes>}, current key first; {@code #} starts a comment. */
    public static MasterKeys fromFile(Path file) {
        try {
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            String first = null;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalStateException(file + ": expected '<id> <base64 key>'");
                }
                keys.put(parts[0], key(parts[1], file.toString()));
                first = first == null ? parts[0] : first;
            }
            if (first == null) {
                throw new IllegalStateException(file + " holds no master key");
            }
            return new MasterKeys(first, keys);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read master keys from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The master keys a service is configured with: {@code crypto.master-keys-file} (VERITRAIL_CRYPTO_MASTER_KEYS_FILE)
     * or {@code crypto.master-key} (VERITRAIL_CRYPTO_MASTER_KEY, base64, id {@code env}); empty when neither is set,
     * which leaves event data unencrypted.
     *
     * @param setting a lookup of settings by name (a service's {@code Settings::find})
     */
    public static java.util.Optional<MasterKeys> configured(java.util.function.Function<String, java.util.Optional<String>> setting) {
        java.util.Optional<String> file = setting.apply("crypto.master-keys-file");
        if (file.isPresent()) {
            return java.util.Optional.of(fromFile(Path.of(file.get())));
        }
        return setting.apply("crypto.master-key").map(key -> single("env", key));
    }

    /** One key given as base64 (for example from an environment variable). */
    public static MasterKeys single(String id, String base64) {
        return new MasterKeys(id, Map.of(id, key(base64, "the master key")));
    }

    /** A line for a new master key file: a fresh random key. */
    public static String newKeyLine(String id) {
        return id + " " + Base64.getEncoder().encodeToString(newDataKey().getEncoded());
    }

    static SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKey key(String base64, String where) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != 32) {
            throw new IllegalStateException(where + ": a master key is 32 bytes (AES-256), this one " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** A new data key for an entity, and its wrapped form for the {@code entity-keys} topic. */
    public EntityKey newEntityKey(String entityId) {
        SecretKey dataKey = newDataKey();
        byte[] wrapped = DataCipher.encrypt(byId.get(currentId), dataKey.getEncoded(), aad(entityId));
        return new EntityKey(entityId, dataKey, new WrappedKey(currentId, wrapped));
    }

    public SecretKey unwrap(String entityId, WrappedKey wrapped) {
        SecretKey master = byId.get(wrapped.masterKeyId());
        if (master == null) {
            throw new IllegalStateException("the data key of " + entityId + " is wrapped by master key "
                    + wrapped.masterKeyId() + ", which is not configured");
        }
        return new SecretKeySpec(DataCipher.decrypt(master, wrapped.bytes(), aad(entityId)), "AES");
    }

    private static byte[] aad(String entityId) {
        return ("veritrail-data-key:" + entityId).getBytes(StandardCharsets.UTF_8);
    }

    /** A data key as kept on the {@code entity-keys} topic: never in the clear. */
    public record WrappedKey(String masterKeyId, byte[] bytes) {
    }

    /** A data key in the clear (memory only) with its wrapped form. */
    public record EntityKey(String entityId, SecretKey dataKey, WrappedKey wrapped) {
    }
}
