package io.veritrail.projector.store;

/**
 * Keys of the history and snapshot stores: the entity id, a zero character, then the sequence number padded to 19
 * digits, so that byte order is log order within an entity and one entity's keys form one range.
 */
public final class HistoryKeys {
    private static final char SEPARATOR = '\u0000';

    private HistoryKeys() {
    }

    public static String of(String entityId, long seq) {
        return entityId + SEPARATOR + String.format("%019d", seq);
    }

    /** The sequence number of a key made by {@link #of}. */
    public static long seqOf(String key) {
        return Long.parseLong(key, key.length() - 19, key.length(), 10);
    }

    /** The first key of an entity's range. */
    public static String first(String entityId) {
        return of(entityId, 0);
    }

    /** The last possible key of an entity's range. */
    public static String last(String entityId) {
        return of(entityId, Long.MAX_VALUE);
    }
}
