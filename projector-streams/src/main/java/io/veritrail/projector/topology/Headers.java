package io.veritrail.projector.topology;

/** Headers the projector puts on records of {@code events.rejected}. */
public final class Headers {
    public static final String REASON = "veritrail.reason";
    public static final String SOURCE_PARTITION = "veritrail.source.partition";
    public static final String SOURCE_OFFSET = "veritrail.source.offset";

    private Headers() {
    }
}
