package io.veritrail.ingest.sync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a client's sync stands: the next offset to read in each partition of the log. Opaque to clients (URL-safe
 * base64 of {@code partition:offset,...}); an empty cursor means "from the start".
 */
public record SyncCursor(Map<Integer, Long> positions) {
    public SyncCursor {
        positions = Map.copyOf(positions);
    }

    public static SyncCursor start() {
        return new SyncCursor(Map.of());
    }

    public long position(int partition) {
        return positions.getOrDefault(partition, 0L);
    }

    public String encode() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(positions).forEach((p, o) -> text.append(text.isEmpty() ? "" : ",").append(p).append(':').append(o));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor a client sent back; a malformed one is an {@link IllegalArgumentException}. */
    public static SyncCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return start();
        }
        Map<Integer, Long> positions = new TreeMap<>();
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                for (String part : text.split(",")) {
                    String[] pair = part.split(":");
                    int partition = Integer.parseInt(pair[0]);
                    long offset = Long.parseLong(pair[1]);
                    if (partition < 0 || offset < 0 || pair.length != 2) {
                        throw new IllegalArgumentException("negative position");
                    }
                    positions.put(partition, offset);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor this service gave out", e);
        }
        return new SyncCursor(positions);
    }

    public SyncCursor with(int partition, long nextOffset) {
        Map<Integer, Long> next = new TreeMap<>(positions);
        next.put(partition, nextOffset);
        return new SyncCursor(next);
    }
}
