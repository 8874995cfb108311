package io.veritrail.integrity.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The service's Ed25519 checkpoint key: made on first start and kept in the state folder (private key readable
 * by its owner only), so every checkpoint the service ever publishes verifies with the same verifier key.
 */
public final class NoteSigner {
    private final String name;
    private final PrivateKey privateKey;
    private final byte[] rawPublicKey;

    private NoteSigner(String name, KeyPair pair) {
        if (name.isBlank() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a key name has no spaces and no '+': " + name);
        }
        this.name = name;
        this.privateKey = pair.getPrivate();
        this.rawPublicKey = NoteKeys.rawPublicKey(pair.getPublic());
    }

    public static NoteSigner loadOrCreate(Path dir, String name) {
        Path privateFile = dir.resolve("checkpoint-key.pk8");
        Path publicFile = dir.resolve("checkpoint-key.pub");
        try {
            KeyFactory ed = KeyFactory.getInstance("Ed25519");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                PrivateKey privateKey = ed.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
                PublicKey publicKey = ed.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
                return new NoteSigner(name, new KeyPair(publicKey, privateKey));
            }
            Files.createDirectories(dir);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.write(privateFile, pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            Files.write(publicFile, pair.getPublic().getEncoded());
            return new NoteSigner(name, pair);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the checkpoint key in " + dir, e);
        }
    }

    public String sign(Checkpoint checkpoint) {
        return SignedNote.sign(checkpoint.text(), name, rawPublicKey, privateKey);
    }

    public String verifierKey() {
        return NoteKeys.verifierKey(name, rawPublicKey);
    }
}
