package io.veritrail.projector.topology;

import io.veritrail.projector.apply.Entity;
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
 * {@code snapshot}: store a snapshot of the entity as it is now. Stores can only be written by the stream thread,
 * which is why a request travels through a topic instead of being done by the HTTP thread.
 */
final class CommandProcessor implements Processor<String, String, String, Object> {
    static final String SNAPSHOT = "snapshot";
    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private KeyValueStore<String, Entity> entities;
    private KeyValueStore<String, HistoryHead> heads;
    private KeyValueStore<String, Snapshot> snapshots;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.entities = context.getStateStore(StoreNames.ENTITIES);
        this.heads = context.getStateStore(StoreNames.HISTORY_HEADS);
        this.snapshots = context.getStateStore(StoreNames.SNAPSHOTS);
    }

    @Override
    public void process(Record<String, String> record) {
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
}
