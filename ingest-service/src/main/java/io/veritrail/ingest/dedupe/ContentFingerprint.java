package io.veritrail.ingest.dedupe;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * What "the same event" means for idempotency: SHA-256 over the fields a client chooses (guid, entityGuid, type,
 * data, timestamp to the millisecond, userId, syncLevel, schemaVersion). Object keys of {@code data} are sorted,
 * whitespace does not count and numbers compare by value ({@code 1.50} = {@code 1.5}), so a retry that serialises
 * the same JSON differently is still the same event.
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
        Digest digest = DIGEST.get().reset();
        digest.text(guid);
        digest.text(entityGuid);
        digest.text(type);
        digest.json(data);
        digest.number(timestamp.toEpochMilli());
        digest.text(userId);
        digest.text(syncLevel);
        digest.number(schemaVersion);
        return HexFormat.of().formatHex(digest.finish());
    }

    /**
     * Writes values in a canonical, unambiguous form — each tagged with its kind and length-prefixed, object keys
     * sorted — into a buffer that SHA-256 reads in one call (dozens of small updates cost more than the hashing). No
     * JSON text is built: this runs for every event on the hot path. One per thread, reused.
     */
    private static final class Digest {
        private final MessageDigest sha;
        private final byte[] scratch = new byte[9];
        private byte[] buffer = new byte[1024];
        private int length;

        Digest(MessageDigest sha) {
            this.sha = sha;
        }

        Digest reset() {
            length = 0;
            return this;
        }

        byte[] finish() {
            sha.reset();
            sha.update(buffer, 0, length);
            return sha.digest();
        }

        private void ensure(int count) {
            if (length + count > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
            }
        }

        private void put(byte[] bytes, int offset, int count) {
            ensure(count);
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }

        private void put(byte b) {
            scratch[0] = b;
            put(scratch, 0, 1);
        }

        /** A string as its UTF-8 bytes; an ASCII one (nearly all) is copied in as it is read, with no array made. */
        void text(String value) {
            int n = value.length();
            ensure(5 + n);
            int at = length + 5;
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    tagged('s', value.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buffer[at + i] = (byte) c;
            }
            count('s', n);
            length += n;
        }

        void number(long value) {
            scratch[0] = 'i';
            for (int i = 0; i < 8; i++) {
                scratch[1 + i] = (byte) (value >>> (56 - 8 * i));
            }
            put(scratch, 0, 9);
        }

        void json(JsonNode node) {
            if (node.isObject()) {
                int n = node.size();
                @SuppressWarnings("unchecked")
                Map.Entry<String, JsonNode>[] members = node.properties().toArray(new Map.Entry[n]);
                sortByName(members);
                count('{', n);
                for (Map.Entry<String, JsonNode> member : members) {
                    text(member.getKey());
                    json(member.getValue());
                }
            } else if (node.isArray()) {
                count('[', node.size());
                for (JsonNode element : node) {
                    json(element);
                }
            } else if (node.isTextual()) {
                text(node.textValue());
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                tagged('n', Long.toString(node.longValue()).getBytes(StandardCharsets.US_ASCII));
            } else if (node.isNumber()) {
                // 1.50 and 1.5 are the same amount; an integral value written as 2.0 is the same as 2.
                BigDecimal value = node.decimalValue().stripTrailingZeros();
                String text = value.scale() <= 0 && value.precision() - value.scale() <= 18
                        ? Long.toString(value.longValueExact()) : value.toPlainString();
                tagged('n', text.getBytes(StandardCharsets.US_ASCII));
            } else if (node.isBoolean()) {
                put(node.booleanValue() ? (byte) 't' : (byte) 'f');
            } else {
                put((byte) 'z');
            }
        }

        /**
         * Insertion sort for the few members objects in events mostly have: the general sort of a list showed as a
         * twentieth of a request thread's time. Names are unique in an object (duplicates are refused on reading).
         */
        private static void sortByName(Map.Entry<String, JsonNode>[] members) {
            if (members.length > 16) {
                java.util.Arrays.sort(members, Map.Entry.comparingByKey());
                return;
            }
            for (int i = 1; i < members.length; i++) {
                Map.Entry<String, JsonNode> member = members[i];
                int j = i - 1;
                while (j >= 0 && members[j].getKey().compareTo(member.getKey()) > 0) {
                    members[j + 1] = members[j];
                    j--;
                }
                members[j + 1] = member;
            }
        }

        private void count(char kind, int n) {
            scratch[0] = (byte) kind;
            scratch[1] = (byte) (n >>> 24);
            scratch[2] = (byte) (n >>> 16);
            scratch[3] = (byte) (n >>> 8);
            scratch[4] = (byte) n;
            put(scratch, 0, 5);
        }

        private void tagged(char kind, byte[] bytes) {
            count(kind, bytes.length);
            put(bytes, 0, bytes.length);
        }
    }

    private static final ThreadLocal<Digest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return new Digest(MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });
}
