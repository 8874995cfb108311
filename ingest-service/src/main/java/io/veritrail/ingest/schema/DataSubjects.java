package io.veritrail.ingest.schema;

/**
 * Where the schema of an event type's {@code data} lives in the registry: subject {@code veritrail.data.<type>},
 * one registry version per {@code schemaVersion} of the envelope (version 1 is the first schema registered).
 */
public final class DataSubjects {
    public static final String PREFIX = "veritrail.data.";
    /**
     * The compatibility rule every data subject gets: a projector that has not been upgraded yet can still read
     * events written with the newest schema, and events of every older version reach appliers through upcasters.
     */
    public static final String COMPATIBILITY = "FORWARD_TRANSITIVE";

    private DataSubjects() {
    }

    public static String subjectOf(String eventType) {
        return PREFIX + eventType;
    }
}
