package io.veritrail.schemas.topic;

import java.util.List;
import java.util.Map;

/**
 * Every topic Veritrail owns, with the configuration it must be created with. One place, so that the launcher,
 * the services and the tests never disagree about a name or a retention setting.
 */
public final class Topics {
    /** The event log: every accepted event, kept forever. */
    public static final String EVENTS = "events";
    /** Records produced by third parties, validated before they reach {@link #EVENTS}. */
    public static final String EVENTS_INBOX = "events.inbox";
    /** Inbox records that failed validation, with the reason in headers. */
    public static final String EVENTS_DLQ = "events.dlq";
    /** Events of the log that the projector could not apply, with the reason in headers. */
    public static final String EVENTS_REJECTED = "events.rejected";
    /** One record per applied event. */
    public static final String ENTITY_CHANGES = "entity-changes";
    /** The latest document per entity, compacted. */
    public static final String ENTITY_STATE = "entity-state";
    /**
     * Projector-internal: a group's member changes, keyed by member, so that the member's own partition records
     * which groups it belongs to. Same partition count as {@link #EVENTS}: the two are read together.
     */
    public static final String ENTITY_MEMBERSHIPS = "entity-memberships";
    /**
     * Projector-internal: requests to the projector keyed by entity (a snapshot on demand), read on the entity's own
     * partition. Same partition count as {@link #EVENTS}.
     */
    public static final String PROJECTOR_COMMANDS = "projector.commands";
    /** Signed Merkle checkpoints per partition of the log. */
    public static final String MERKLE_CHECKPOINTS = "merkle-checkpoints";
    /**
     * Each entity's data key, wrapped by the master key (compacted, keyed by entity id). Erasure writes a marker
     * over the key; compaction then removes the wrapped key itself from the topic.
     */
    public static final String ENTITY_KEYS = "entity-keys";

    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }

    /**
     * The topics of a deployment. {@code tieredStorage} switches the log from compaction to plain infinite
     * retention, because tiered storage does not support compacted topics.
     */
    public static List<TopicSpec> all(int partitions, short replicationFactor, boolean tieredStorage) {
        Map<String, String> forever = tieredStorage
                ? Map.of("cleanup.policy", "delete", "retention.ms", "-1")
                // Compaction keeps the last record per key; event keys are unique, so nothing is ever dropped,
                // while a producer bug that re-sends a key cannot grow the log without bound.
                : Map.of("cleanup.policy", "compact", "retention.ms", "-1", "min.compaction.lag.ms", "0");
        Map<String, String> weekly = Map.of("cleanup.policy", "delete", "retention.ms", "604800000");
        return List.of(
                new TopicSpec(EVENTS, partitions, replicationFactor, forever),
                new TopicSpec(EVENTS_INBOX, partitions, replicationFactor, weekly),
                new TopicSpec(EVENTS_DLQ, partitions, replicationFactor, Map.of("retention.ms", "-1")),
                new TopicSpec(EVENTS_REJECTED, partitions, replicationFactor, Map.of("retention.ms", "-1")),
                new TopicSpec(ENTITY_CHANGES, partitions, replicationFactor, Map.of("retention.ms", "-1")),
                new TopicSpec(ENTITY_STATE, partitions, replicationFactor, Map.of("cleanup.policy", "compact")),
                new TopicSpec(ENTITY_MEMBERSHIPS, partitions, replicationFactor, Map.of("retention.ms", "-1")),
                new TopicSpec(PROJECTOR_COMMANDS, partitions, replicationFactor, weekly),
                // Segments roll hourly so that an erased entity's wrapped key leaves the disk soon after erasure.
                new TopicSpec(ENTITY_KEYS, partitions, replicationFactor, Map.of("cleanup.policy", "compact",
                        "segment.ms", "3600000", "min.compaction.lag.ms", "0", "min.cleanable.dirty.ratio", "0.01")),
                new TopicSpec(MERKLE_CHECKPOINTS, 1, replicationFactor,
                        Map.of("cleanup.policy", "delete", "retention.ms", "-1")));
    }
}
