package io.veritrail.projector.topology;

import io.veritrail.projector.apply.Entity;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.crypto.EntityKeyRecord;
import io.veritrail.projector.store.HistoryKeys;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.projector.timetravel.HistoryHead;
import io.veritrail.projector.timetravel.Snapshot;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the projector, read on the entity's own partition so they see its state in order with its events.
 * {@code snapshot}: store a snapshot of the entity as it is now. {@code erase}: destroy the entity's data key
 * (crypto-shredding): the key's erasure marker goes to {@code entity-keys}, downstream gets an {@code entity-erased}
 * change and a tombstone on {@code entity-state}, in one Streams transaction. Stores can only be written by the
 * stream thread, which is why a request travels through a topic instead of being done by the HTTP thread.
 */
final class CommandProcessor implements Processor<String, String, String, Object> {
    static final String SNAPSHOT = "snapshot";
    static final String ERASE = "erase";
    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final DataProtection protection;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Entity> entities;

    CommandProcessor(DataProtection protection) {
        this.protection = protection;
    }
    private KeyValueStore<String, HistoryHead> heads;
    private KeyValueStore<String, Snapshot> snapshots;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.entities = context.getStateStore(StoreNames.ENTITIES);
        this.heads = context.getStateStore(StoreNames.HISTORY_HEADS);
        this.snapshots = context.getStateStore(StoreNames.SNAPSHOTS);
    }

    @Override
    public void process(Record<String, String> record) {
        if (ERASE.equals(record.value())) {
            erase(record);
            return;
        }
        if (protection.isErased(record.key())) {
            return;
        }
        if (!SNAPSHOT.equals(record.value())) {
            log.warn("unknown projector command {} for {}", record.value(), record.key());
            return;
        }
        HistoryHead head = heads.get(record.key());
        if (head == null) {
            return;
        }
        Entity entity = entities.get(record.key());
        snapshots.put(HistoryKeys.of(record.key(), head.lastSeq()), new Snapshot(head.lastSeq(), head.maxTimestamp(),
                entity == null ? null : entity.withGroups(List.of())));
        heads.put(record.key(), head.withOnDemandSnapshot());
    }

    private void erase(Record<String, String> record) {
        String id = record.key();
        if (!protection.enabled() || protection.isErased(id)) {
            log.warn("erase of {} ignored: {}", id, protection.enabled() ? "already erased" : "data is not encrypted here");
            return;
        }
        Entity entity = entities.get(id);
        protection.ring().orElseThrow().erased(id);
        java.time.Instant now = java.time.Instant.ofEpochMilli(record.timestamp());
        context.forward(new Record<String, Object>(id, new EntityKeyRecord.Erased(now).bytes(), record.timestamp()),
                ProjectorTopology.KEYS_SINK);
        if (entity != null) {
            context.forward(new Record<String, Object>(id, OutputRecords.erased(entity, "erase:" + id + ":"
                    + record.timestamp(), now), record.timestamp()), ProjectorTopology.CHANGES_SINK);
            context.forward(new Record<String, Object>(id, null, record.timestamp()), ProjectorTopology.STATE_SINK);
        }
        log.info("erased the data of {}: its key is destroyed", id);
    }
}
