package io.veritrail.ingest.sync;

import java.util.List;

/** A page of the log: its events, the cursor to continue from, and whether the client has caught up. */
public record SyncPage(List<SyncedEvent> events, String next, boolean caughtUp) {
}
