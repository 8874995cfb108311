package io.veritrail.schemas.topic;

/**
 * The key of a record on the events topic. Compaction keeps the last record per key, so the key carries the event
 * guid to be unique per event; the partition is chosen from the entity id alone (see {@link EntityPartitioning}).
 * Text form: {@code <entityGuid>/<guid>}; the guid never contains '/', so the last '/' splits the two.
 */
public record EventKey(String entityGuid, String guid) {
    private static final char SEPARATOR = '/';

    public EventKey {
        if (entityGuid == null || entityGuid.isEmpty()) {
            throw new IllegalArgumentException("entityGuid is empty");
        }
        if (guid == null || guid.isEmpty() || guid.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("guid is empty or contains '/': " + guid);
        }
    }

    public String text() {
        return entityGuid + SEPARATOR + guid;
    }

    public static EventKey parse(String text) {
        int at = text.lastIndexOf(SEPARATOR);
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("not an event key: " + text);
        }
        return new EventKey(text.substring(0, at), text.substring(at + 1));
    }
}
