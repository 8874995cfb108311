package io.veritrail.service.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 instants as clients send them and as the stores keep them. The common shape, {@code 2026-01-31T09:30:00Z}
 * with up to nine fraction digits, is read directly: {@code Instant.parse} took a large share of validating an event
 * in ingest, and over half of what the projector allocates to decode a history entry (1.6 KB an instant). Anything
 * else goes through {@link Instant#parse}, which decides what is valid.
 */
public final class Instants {
    private Instants() {
    }

    public static Instant parse(String text) {
        Instant fast = parseCommonShape(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, when the text has the common shape and a valid value; null to let a full parser decide. */
    static Instant parseCommonShape(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z') {
            int fractionDigits = length == 20 ? 0 : length - 21;
            if (length == 20 || (text.charAt(19) == '.' && fractionDigits >= 1 && fractionDigits <= 9)) {
                int year = digits(text, 0, 4);
                int month = digits(text, 5, 7);
                int day = digits(text, 8, 10);
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                int nanos = fractionDigits == 0 ? 0 : digits(text, 20, 20 + fractionDigits)
                        * (int) Math.pow(10, 9 - fractionDigits);
                if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0) {
                    try {
                        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
                    } catch (java.time.DateTimeException e) {
                        // Out of range here (a leap second, 24:00) is for the full parser to accept or refuse.
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** The decimal number in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
