package io.veritrail.ingest.dedupe;

import java.util.HexFormat;
import java.util.UUID;

/**
 * How the guid index keeps one event as {@value #FIELDS} longs, the form its sealed files and its table of recent
 * guids share: the guid's two halves, the partition (with the entry's kind above it), the offset, the content's
 * SHA-256 fingerprint (four longs) and the request token (two). Ingest writes every event in this form; what does
 * not fit (a guid or a token that is not a canonical UUID, a fingerprint that is not lower-case hex: records written
 * by something other than ingest) is kept as text by {@link OtherGuids}. Pure.
 */
final class EntryLayout {
    static final int FIELDS = 10;
    private static final int PLACE = 2;
    private static final int OFFSET = 3;
    private static final int FINGERPRINT = 4;
    private static final int TOKEN = 8;
    /** Kinds: fingerprint and token as bytes, or neither (a record that carried none). */
    private static final long WITH_CONTENT = 0;
    private static final long NO_CONTENT = 1;
    private static final HexFormat HEX = HexFormat.of();

    private EntryLayout() {
    }

    /** The entry of a guid, fingerprint and token, but for its place; null if one of them does not fit the form. */
    static long[] entryOrNull(String guid, String fingerprint, String requestToken) {
        return entryOrNull(guid, fingerprint, requestToken, uuidOrNull(requestToken));
    }

    /** {@link #entryOrNull(String, String, String)} with the token already read ({@code token}, or null). */
    static long[] entryOrNull(String guid, String fingerprint, String requestToken, UUID token) {
        UUID uuid = uuidOrNull(guid);
        if (uuid == null) {
            return null;
        }
        long[] entry = new long[FIELDS];
        entry[0] = uuid.getMostSignificantBits();
        entry[1] = uuid.getLeastSignificantBits();
        if (fingerprint.isEmpty() && requestToken.isEmpty()) {
            entry[PLACE] = NO_CONTENT << 32;
            return entry;
        }
        if (token == null || !lowerHexInto(fingerprint, entry, FINGERPRINT)) {
            return null;
        }
        entry[PLACE] = WITH_CONTENT << 32;
        entry[TOKEN] = token.getMostSignificantBits();
        entry[TOKEN + 1] = token.getLeastSignificantBits();
        return entry;
    }

    /** Sets where the entry's event landed, in place. */
    static void place(long[] entry, int from, int partition, long offset) {
        entry[from + PLACE] = (entry[from + PLACE] & ~0xFFFF_FFFFL) | (partition & 0xFFFF_FFFFL);
        entry[from + OFFSET] = offset;
    }

    /** The write an entry (with its place set) stands for. */
    static PriorWrite priorWrite(long[] entry) {
        int partition = (int) entry[PLACE];
        if (entry[PLACE] >>> 32 == NO_CONTENT) {
            return new PriorWrite(partition, entry[OFFSET], "", "");
        }
        StringBuilder fingerprint = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            fingerprint.append(HEX.toHexDigits(entry[FINGERPRINT + i]));
        }
        return new PriorWrite(partition, entry[OFFSET], fingerprint.toString(),
                new UUID(entry[TOKEN], entry[TOKEN + 1]).toString());
    }

    /**
     * The UUID {@code text} spells in canonical form (lower-case hex, 8-4-4-4-12), or null: only that form is stored
     * as bytes, so that two guids differing in case stay two guids, as they always were. Read by hand, without the
     * two allocations and second pass of {@code UUID.fromString} and {@code toString}: this runs for every event.
     */
    static UUID uuidOrNull(String text) {
        if (text.length() != 36) {
            return null;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = lowerHexDigit(c);
            if (digit < 0) {
                return null;
            }
            if (i < 18) {
                high = high << 4 | digit;
            } else {
                low = low << 4 | digit;
            }
        }
        return new UUID(high, low);
    }

    /**
     * Reads 64 lower-case hex digits into four longs of {@code into} from {@code at}, in one pass; false (and
     * {@code into} partly written) if {@code text} is not that.
     */
    static boolean lowerHexInto(String text, long[] into, int at) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            long value = 0;
            for (int j = 16 * i; j < 16 * i + 16; j++) {
                int digit = lowerHexDigit(text.charAt(j));
                if (digit < 0) {
                    return false;
                }
                value = value << 4 | digit;
            }
            into[at + i] = value;
        }
        return true;
    }

    private static int lowerHexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
