package io.veritrail.schemas.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where entity data is sealed and opened: event data in the log (AES-GCM under the entity's data key) and every
 * stored value or output that carries an entity's data (stores, changelogs, entity-state, entity-changes). Without
 * a key ring ({@link #none()}) everything passes through in the clear; with one, an entity whose key was destroyed
 * can no longer be opened anywhere: {@link ErasedException}.
 *
 * <p>Sealed store values are {@code 'S'}, the entity id (length-prefixed, so the reader knows whose key to use),
 * then the ciphertext; a value starting otherwise is plaintext (written before encryption was on, or for an entity
 * without a key). Sealed text (inside Avro outputs) is {@code vt-sealed:} and the base64 of a sealed value.
 */
public final class DataProtection {
    public static final String SEALED_TEXT_PREFIX = "vt-sealed:";
    private static final byte SEALED = 'S';
    private static final Duration KEY_WAIT = Duration.ofSeconds(30);

    private final EntityKeyRing ring;

    private DataProtection(EntityKeyRing ring) {
        this.ring = ring;
    }

    public static DataProtection none() {
        return new DataProtection(null);
    }

    public static DataProtection with(EntityKeyRing ring) {
        return new DataProtection(ring);
    }

    public boolean enabled() {
        return ring != null;
    }

    public Optional<EntityKeyRing> ring() {
        return Optional.ofNullable(ring);
    }

    /** An entity whose data key was destroyed. */
    public static final class ErasedException extends RuntimeException {
        private final String entityId;

        public ErasedException(String entityId) {
            super("the data of " + entityId + " was erased (its key is destroyed)");
            this.entityId = entityId;
        }

        public String entityId() {
            return entityId;
        }
    }

    public boolean isErased(String entityId) {
        return ring != null && ring.find(entityId).orElse(null) instanceof EntityKeyRing.KeyState.Erased;
    }

    /** Event data for the log, under the given (just created or known) data key. */
    public static byte[] sealEvent(SecretKey key, String entityId, byte[] dataUtf8) {
        return DataCipher.encrypt(key, dataUtf8, eventAad(entityId));
    }

    /** The JSON of sealed event data; waits a while for the key, which is committed with the event. */
    public String openEvent(String entityId, byte[] sealed) {
        if (ring == null) {
            throw new IllegalStateException("event data of " + entityId + " is encrypted and no master key is configured");
        }
        EntityKeyRing.KeyState state = ring.await(entityId, KEY_WAIT).orElseThrow(() ->
                new IllegalStateException("no data key for " + entityId + " arrived within " + KEY_WAIT));
        return new String(DataCipher.decrypt(usable(state, entityId), sealed, eventAad(entityId)), StandardCharsets.UTF_8);
    }

    /** The key of a state, or why there is none: erased (for good), or unusable here (configuration). */
    private static SecretKey usable(EntityKeyRing.KeyState state, String entityId) {
        return switch (state) {
            case EntityKeyRing.KeyState.Active(SecretKey key) -> key;
            case EntityKeyRing.KeyState.Erased erased -> throw new ErasedException(entityId);
            case EntityKeyRing.KeyState.Unusable(String reason) -> throw new IllegalStateException(
                    "the data key of " + entityId + " cannot be used here: " + reason);
        };
    }

    /** A stored value of an entity: sealed when the entity has a key, as it is otherwise. */
    public byte[] sealValue(String entityId, byte[] plain) {
        Optional<EntityKeyRing.KeyState> state = ring == null ? Optional.empty() : ring.find(entityId);
        if (state.isEmpty()) {
            return plain;
        }
        SecretKey key = usable(state.get(), entityId);
        byte[] id = entityId.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = DataCipher.encrypt(key, plain, valueAad(entityId));
        return ByteBuffer.allocate(1 + 2 + id.length + sealed.length).put(SEALED).putShort((short) id.length).put(id)
                .put(sealed).array();
    }

    public byte[] openValue(byte[] stored) {
        if (stored.length == 0 || stored[0] != SEALED) {
            return stored;
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        buffer.get();
        byte[] id = new byte[buffer.getShort()];
        buffer.get(id);
        String entityId = new String(id, StandardCharsets.UTF_8);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        Optional<EntityKeyRing.KeyState> state = ring == null ? Optional.empty() : ring.await(entityId, KEY_WAIT);
        if (state.isEmpty()) {
            throw new IllegalStateException("a stored value of " + entityId + " is sealed and its key is unknown here");
        }
        return DataCipher.decrypt(usable(state.get(), entityId), sealed, valueAad(entityId));
    }

    /** Text inside an output record (entity-state, entity-changes). */
    public String sealText(String entityId, String text) {
        byte[] sealed = sealValue(entityId, text.getBytes(StandardCharsets.UTF_8));
        return sealed.length > 0 && sealed[0] == SEALED
                ? SEALED_TEXT_PREFIX + Base64.getEncoder().encodeToString(sealed) : text;
    }

    public String openText(String text) {
        if (text == null || !text.startsWith(SEALED_TEXT_PREFIX)) {
            return text;
        }
        return new String(openValue(Base64.getDecoder().decode(text.substring(SEALED_TEXT_PREFIX.length()))),
                StandardCharsets.UTF_8);
    }

    private static byte[] eventAad(String entityId) {
        return ("veritrail-event:" + entityId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] valueAad(String entityId) {
        return ("veritrail-value:" + entityId).getBytes(StandardCharsets.UTF_8);
    }
}
