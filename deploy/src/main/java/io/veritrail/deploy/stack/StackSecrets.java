package io.veritrail.deploy.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import io.veritrail.schemas.crypto.MasterKeys;
import java.util.Base64;

/**
 * The local stack's signing secret for HS256 tokens: made once per working folder ({@code secrets/jwt-hs256.key},
 * 32 random bytes, readable by the owner only) and shared by the three services, {@code ./veritrail token} and the
 * CLI's own calls. Production uses an identity provider's RS256/ES256 keys instead (VERITRAIL_AUTH_JWKS).
 */
public final class StackSecrets {
    public static final String ISSUER = "veritrail-local";

    private StackSecrets() {
    }

    public static Path masterKeysFile(Path workDir) {
        return workDir.resolve("secrets").resolve("master-keys");
    }

    /**
     * The stack's master key file (made once: one random AES-256 key, id {@code m1}); event data of the local stack
     * is encrypted under per-entity keys wrapped by it. Losing this file loses every entity's data.
     */
    public static Path ensureMasterKeys(Path workDir) throws IOException {
        Path file = masterKeysFile(workDir);
        if (!Files.exists(file)) {
            writePrivately(file, "# Veritrail master keys: <id> <base64 AES-256 key>, current first. Back this up.\n"
                    + MasterKeys.newKeyLine("m1") + "\n");
        }
        return file;
    }

    public static Path hs256SecretFile(Path workDir) {
        return workDir.resolve("secrets").resolve("jwt-hs256.key");
    }

    /** The secret file of this working folder, made now if there is none. */
    public static Path ensureHs256Secret(Path workDir) throws IOException {
        Path file = hs256SecretFile(workDir);
        if (Files.exists(file)) {
            return file;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        writePrivately(file, Base64.getEncoder().encodeToString(secret) + "\n");
        return file;
    }

    private static void writePrivately(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "key", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
