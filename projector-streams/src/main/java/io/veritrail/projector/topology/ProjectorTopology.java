package io.veritrail.projector.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.store.EntitySerde;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.topic.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/** The projector's processing graph: the event log in, entity state out. */
public final class ProjectorTopology {
    private ProjectorTopology() {
    }

    public static Topology build(Serde<EventEnvelope> envelopes, ApplierRegistry appliers, MeterRegistry metrics) {
        KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(StoreNames.ENTITIES);
        Topology topology = new Topology();
        topology.addSource("events", Serdes.String().deserializer(), envelopes.deserializer(), Topics.EVENTS);
        topology.addProcessor("fold", () -> new EventFoldProcessor(appliers, metrics), "events");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                rocks, Serdes.String(), EntitySerde.serde()), "fold");
        return topology;
    }
}
