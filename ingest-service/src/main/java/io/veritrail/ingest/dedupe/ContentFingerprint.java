package io.veritrail.ingest.dedupe;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What "the same event" means for idempotency: SHA-256 over the fields a client chooses (guid, entityGuid, type,
 * data, timestamp to the millisecond, userId, syncLevel, schemaVersion). Object keys of {@code data} are sorted
 * and whitespace is dropped, so a retry that serialises the same JSON differently is still the same event.
 * Metadata and arrival time are left out: they describe the delivery, not the event, and differ between retries.
 */
public final class ContentFingerprint {
    /** The record header that carries the fingerprint on the {@code events} topic (hex text). */
    public static final String HEADER = "veritrail.fingerprint";
    /** The record header that names the ingest request that wrote the record (a random token per request). */
    public static final String REQUEST_HEADER = "veritrail.request";

    private ContentFingerprint() {
    }

    public static String of(String guid, String entityGuid, String type, JsonNode data, Instant timestamp,
                            String userId, String syncLevel, int schemaVersion) {
        MessageDigest digest = sha256();
        for (String field : List.of(guid, entityGuid, type, canonical(data),
                timestamp.truncatedTo(ChronoUnit.MILLIS).toString(), userId, syncLevel,
                Integer.toString(schemaVersion))) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed so that moving characters between adjacent fields changes the digest.
            digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8), (byte) bytes.length});
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** JSON text with object keys sorted at every level. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i))).append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
