package io.veritrail.projector.timetravel;

import io.veritrail.projector.apply.Entity;
import java.time.Instant;

/**
 * The entity after its first {@code seq} events in log order (null if they did not create it), and the latest
 * timestamp among those events. It answers "as of T" for any T at or after {@code maxTimestamp}: then every one of
 * those events passes the filter, so the filtered fold and the plain fold agree on that prefix. Events appended
 * later, however old their timestamps, come after the prefix and never invalidate it.
 */
public record Snapshot(long seq, Instant maxTimestamp, Entity entity) {
}
