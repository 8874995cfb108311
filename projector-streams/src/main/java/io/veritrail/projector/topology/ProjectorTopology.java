package io.veritrail.projector.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.store.JsonSerde;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.projector.timetravel.HistoryEntry;
import io.veritrail.projector.timetravel.Snapshot;
import io.veritrail.schemas.avro.EntityChange;
import io.veritrail.schemas.avro.EntityState;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.topic.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/** The projector's processing graph: the event log in; entity state, changes and rejections out. */
public final class ProjectorTopology {
    static final String CHANGES_SINK = "entity-changes";
    static final String STATE_SINK = "entity-state";
    static final String REJECTED_SINK = "events-rejected";
    static final String MEMBERSHIP_SINK = "entity-memberships";
    static final String KEYS_SINK = "entity-keys";

    private ProjectorTopology() {
    }

    /** The serdes of the topology's topics; the app passes registry-backed ones, topology tests plain Avro. */
    public record TopologySerdes(Serde<EventEnvelope> events, Serde<EntityChange> changes, Serde<EntityState> states) {
    }

    public static Topology build(TopologySerdes serdes, ApplierRegistry appliers, int snapshotEvery,
                                 MeterRegistry metrics) {
        return build(serdes, appliers, snapshotEvery, metrics, DataProtection.none());
    }

    /** @param protection seals entity data in stores, changelogs and outputs, and opens encrypted event data */
    public static Topology build(TopologySerdes serdes, ApplierRegistry appliers, int snapshotEvery,
                                 MeterRegistry metrics, DataProtection protection) {
        Topology topology = new Topology();
        topology.addSource("events", Serdes.String().deserializer(), serdes.events().deserializer(), Topics.EVENTS);
        topology.addProcessor("fold", () -> new EventFoldProcessor(appliers, snapshotEvery, metrics, protection),
                "events");
        topology.addSource("memberships", Serdes.String().deserializer(), Serdes.String().deserializer(),
                Topics.ENTITY_MEMBERSHIPS);
        topology.addProcessor("member-groups", () -> new MemberGroupsProcessor(protection), "memberships");
        topology.addSource("commands", Serdes.String().deserializer(), Serdes.String().deserializer(),
                Topics.PROJECTOR_COMMANDS);
        topology.addProcessor("commands-processor", () -> new CommandProcessor(protection), "commands");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ENTITIES),
                Serdes.String(), JsonSerde.sealed(Entity.class, Entity::id, protection)), "fold", "member-groups",
                "commands-processor");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PENDING_GROUPS),
                Serdes.String(), Serdes.String()), "fold", "member-groups");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.HISTORY),
                Serdes.String(), JsonSerde.sealed(HistoryEntry.class, HistoryEntry::entityGuid, protection)), "fold");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.HISTORY_HEADS),
                Serdes.String(), JsonSerde.of(io.veritrail.projector.timetravel.HistoryHead.class)), "fold",
                "commands-processor");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.LATE_EVENTS),
                Serdes.String(), Serdes.Long()), "fold");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.LATE_EVENT_BLOCKS),
                Serdes.String(), Serdes.Long()), "fold");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SNAPSHOT_MARKS),
                Serdes.String(), Serdes.ByteArray()), "fold");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SNAPSHOTS),
                Serdes.String(), JsonSerde.sealed(Snapshot.class, s -> s.entity() == null ? null : s.entity().id(),
                protection)), "fold", "commands-processor");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SEEN_GUIDS),
                Serdes.String(), Serdes.ByteArray()), "fold");
        // Outputs keyed by entity id land on the entity's partition, as on the log: consumers may rely on it.
        topology.addSink(CHANGES_SINK, Topics.ENTITY_CHANGES, Serdes.String().serializer(),
                cast(serdes.changes().serializer()), byEntity(), "fold", "commands-processor");
        topology.addSink(STATE_SINK, Topics.ENTITY_STATE, Serdes.String().serializer(),
                cast(serdes.states().serializer()), byEntity(), "fold", "member-groups", "commands-processor");
        topology.addSink(KEYS_SINK, Topics.ENTITY_KEYS, Serdes.String().serializer(),
                cast(Serdes.ByteArray().serializer()), byEntity(), "commands-processor");
        topology.addSink(MEMBERSHIP_SINK, Topics.ENTITY_MEMBERSHIPS, Serdes.String().serializer(),
                cast(Serdes.String().serializer()), byEntity(), "fold");
        topology.addSink(REJECTED_SINK, Topics.EVENTS_REJECTED, Serdes.String().serializer(),
                cast(serdes.events().serializer()), "fold");
        return topology;
    }

    private static StreamPartitioner<String, Object> byEntity() {
        return EntityRouting.PARTITIONER;
    }

    @SuppressWarnings("unchecked")
    private static <T> Serializer<Object> cast(Serializer<T> serializer) {
        return (Serializer<Object>) serializer;
    }
}
