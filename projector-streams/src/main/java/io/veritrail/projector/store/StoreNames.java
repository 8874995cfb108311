package io.veritrail.projector.store;

/** Names of the projector's state stores; their changelog topics are named after them. */
public final class StoreNames {
    /** Current entity documents by entity id. */
    public static final String ENTITIES = "entities";
    /** Every event guid folded (applied or refused) and its entity: an event produced twice is applied once. */
    public static final String SEEN_GUIDS = "seen-guids";

    /** Groups a member was added to before the member itself was created, by member id. */
    public static final String PENDING_GROUPS = "pending-groups";

    /** Every event of every entity in log order, keyed {@code <entity>\u0000<seq>}: the audit trail. */
    public static final String HISTORY = "history";
    /** Entity states every N events, keyed like the history, for fast time travel. */
    public static final String SNAPSHOTS = "snapshots";

    /** Per periodic snapshot, its {@link io.veritrail.projector.timetravel.SnapshotMark}, keyed like the snapshots. */
    public static final String SNAPSHOT_MARKS = "snapshot-marks";

    /** Per entity, where its audit trail stands (last sequence number, latest timestamp). */
    public static final String HISTORY_HEADS = "history-heads";

    /**
     * Events that arrived with a timestamp older than one already seen for their entity (offline syncs), keyed like
     * the history: the only events after a snapshot's interval that can still fall before a past instant.
     */
    public static final String LATE_EVENTS = "late-events";

    /**
     * Per entity and block of {@link io.veritrail.projector.timetravel.EntityTimeline#LATE_BLOCK} sequence numbers,
     * the earliest timestamp among the block's late events, keyed like the history by the block's number: a past
     * instant earlier than that skips the whole block, so the late events read for a question are the ones that
     * matter, not every one synced after it.
     */
    public static final String LATE_EVENT_BLOCKS = "late-event-blocks";

    private StoreNames() {
    }
}
