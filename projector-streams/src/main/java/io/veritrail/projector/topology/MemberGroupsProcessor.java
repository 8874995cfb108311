package io.veritrail.projector.topology;

import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.schemas.crypto.DataProtection;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each entity's list of groups, from the notices its groups send. A notice for an entity not created yet
 * waits in {@code pending-groups} until it is. Each (member, group) pair's notices come from one group partition in
 * that group's log order, so the lists end the same however the two partitions interleave: replays agree.
 */
final class MemberGroupsProcessor implements Processor<String, String, String, Object> {
    private final DataProtection protection;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Entity> entities;

    MemberGroupsProcessor(DataProtection protection) {
        this.protection = protection;
    }
    private KeyValueStore<String, String> pending;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.entities = context.getStateStore(StoreNames.ENTITIES);
        this.pending = context.getStateStore(StoreNames.PENDING_GROUPS);
    }

    @Override
    public void process(Record<String, String> record) {
        String member = record.key();
        MembershipNotice notice = MembershipNotice.parse(record.value());
        if (protection.isErased(member)) {
            return; // an erased entity's document cannot be opened, nor does it need its groups any more
        }
        Entity entity = entities.get(member);
        if (entity == null) {
            pending.put(member, GroupLists.join(apply(GroupLists.split(pending.get(member)), notice)));
            return;
        }
        Entity updated = entity.withGroups(apply(entity.groups(), notice));
        entities.put(member, updated);
        if (!updated.deleted()) {
            context.forward(record.withValue(OutputRecords.state(updated, protection)), ProjectorTopology.STATE_SINK);
        }
    }

    static List<String> apply(List<String> groups, MembershipNotice notice) {
        List<String> next = new ArrayList<>(groups);
        next.remove(notice.group());
        if (notice.joined()) {
            next.add(notice.group());
        }
        return next;
    }
}
