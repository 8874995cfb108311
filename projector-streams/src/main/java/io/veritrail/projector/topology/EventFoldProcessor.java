package io.veritrail.projector.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.FieldChange;
import io.veritrail.projector.apply.Outcome;
import io.veritrail.projector.apply.RejectedEventException;
import io.veritrail.projector.store.HistoryKeys;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.projector.timetravel.EntityTimeline;
import io.veritrail.projector.timetravel.HistoryEntry;
import io.veritrail.projector.timetravel.HistoryHead;
import io.veritrail.projector.timetravel.Snapshot;
import io.veritrail.projector.timetravel.SnapshotMark;
import io.veritrail.schemas.avro.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each event of the log into its entity's state. Events of one entity all arrive on one partition, in log
 * order, so the store can be keyed by entity id without a repartition. An applied event goes downstream as an
 * entity change and the entity's new state; a rejected one leaves the entity unchanged and goes to
 * {@code events.rejected} with the reason; an event whose guid was seen before is dropped. None of these stops
 * the stream.
 */
final class EventFoldProcessor implements Processor<String, EventEnvelope, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(EventFoldProcessor.class);

    private final ApplierRegistry appliers;
    private final Counter applied;
    private final Counter rejected;
    private final Counter duplicates;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Entity> entities;
    private KeyValueStore<String, byte[]> seen;
    private KeyValueStore<String, String> pendingGroups;
    private KeyValueStore<String, HistoryEntry> history;
    private KeyValueStore<String, Snapshot> snapshots;
    private KeyValueStore<String, HistoryHead> heads;
    private KeyValueStore<String, Long> late;
    private KeyValueStore<String, Long> lateBlocks;
    private KeyValueStore<String, byte[]> snapshotMarks;
    private final int snapshotEvery;

    private final DataProtection protection;

    EventFoldProcessor(ApplierRegistry appliers, int snapshotEvery, MeterRegistry metrics, DataProtection protection) {
        this.protection = protection;
        this.appliers = appliers;
        this.snapshotEvery = snapshotEvery;
        this.applied = Counter.builder("veritrail.projector.events").tag("outcome", "applied")
                .description("events folded into entities").register(metrics);
        this.rejected = Counter.builder("veritrail.projector.events").tag("outcome", "rejected")
                .description("failed events: refused by a rule, unknown type, unreadable data or a failing applier")
                .register(metrics);
        this.duplicates = Counter.builder("veritrail.projector.events").tag("outcome", "duplicate")
                .description("events whose guid was seen before, dropped").register(metrics);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.entities = context.getStateStore(StoreNames.ENTITIES);
        this.seen = context.getStateStore(StoreNames.SEEN_GUIDS);
        this.pendingGroups = context.getStateStore(StoreNames.PENDING_GROUPS);
        this.history = context.getStateStore(StoreNames.HISTORY);
        this.snapshots = context.getStateStore(StoreNames.SNAPSHOTS);
        this.heads = context.getStateStore(StoreNames.HISTORY_HEADS);
        this.late = context.getStateStore(StoreNames.LATE_EVENTS);
        this.lateBlocks = context.getStateStore(StoreNames.LATE_EVENT_BLOCKS);
        this.snapshotMarks = context.getStateStore(StoreNames.SNAPSHOT_MARKS);
    }

    /** Appends the event to its entity's audit trail, and every {@code snapshotEvery} events a snapshot. */
    private void record(Event event, boolean wasApplied, String reason, Entity after, List<FieldChange> changes) {
        String id = event.entityGuid();
        HistoryHead previous = heads.get(id);
        HistoryHead head = (previous == null ? HistoryHead.EMPTY : previous).next(event.timestamp());
        heads.put(id, head);
        if (previous != null && event.timestamp().isBefore(previous.maxTimestamp())) {
            long at = event.timestamp().toEpochMilli();
            late.put(HistoryKeys.of(id, head.lastSeq()), at);
            String block = HistoryKeys.of(id, EntityTimeline.lateBlockOf(head.lastSeq()));
            Long earliest = lateBlocks.get(block);
            if (earliest == null || at < earliest) {
                lateBlocks.put(block, at);
            }
        }
        history.put(HistoryKeys.of(id, head.lastSeq()), HistoryEntry.of(head.lastSeq(), event, wasApplied, reason,
                after == null ? 0 : after.version(), changes));
        if (head.lastSeq() % snapshotEvery == 0) {
            // Groups are left out: they follow from other entities' events, which a past state does not fold.
            Snapshot snapshot = new Snapshot(head.lastSeq(), head.maxTimestamp(),
                    after == null ? null : after.withGroups(List.of()));
            snapshots.put(HistoryKeys.of(id, head.lastSeq()), snapshot);
            snapshotMarks.put(HistoryKeys.of(id, head.lastSeq()), SnapshotMark.of(snapshot).bytes());
        }
    }

    private static Event unreadable(EventEnvelope envelope) {
        return new Event(envelope.getGuid(), envelope.getEntityGuid(), envelope.getType(), java.util.Map.of(),
                envelope.getTimestamp(), envelope.getUserId(), envelope.getSyncLevel().name(),
                envelope.getSchemaVersion(), envelope.getArrivalTime());
    }

    /** A newly created entity takes the groups that added it before it existed. */
    private Entity withPendingGroups(Entity before, Entity after) {
        if (before != null) {
            return after;
        }
        String pending = pendingGroups.get(after.id());
        if (pending == null) {
            return after;
        }
        pendingGroups.delete(after.id());
        return after.withGroups(GroupLists.split(pending));
    }

    /** Tells each member that joined or left this group, on the member's own partition. */
    private void notifyMembers(Entity before, Entity after, long timestamp) {
        List<String> old = before == null ? List.of() : before.members();
        for (String member : after.members()) {
            if (!old.contains(member)) {
                context.forward(new Record<String, Object>(member, new MembershipNotice(true, after.id()).text(),
                        timestamp), ProjectorTopology.MEMBERSHIP_SINK);
            }
        }
        for (String member : old) {
            if (!after.members().contains(member)) {
                context.forward(new Record<String, Object>(member, new MembershipNotice(false, after.id()).text(),
                        timestamp), ProjectorTopology.MEMBERSHIP_SINK);
            }
        }
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        EventEnvelope envelope = record.value();
        if (envelope == null) {
            return;
        }
        if (seen.get(envelope.getGuid()) != null) {
            duplicates.increment();
            log.info("event {} of {} seen before; not applied again", envelope.getGuid(), envelope.getEntityGuid());
            return;
        }
        // The value names the entity, so an event can be found by its guid alone (GET /v1/events/{guid}).
        seen.put(envelope.getGuid(), envelope.getEntityGuid().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (protection.isErased(envelope.getEntityGuid())) {
            // Nothing of an erased entity can be opened or stored again; the event is refused, its trail stays shut.
            reject(record, envelope, "the entity's data was erased; it takes no new events");
            return;
        }
        Entity before = entities.get(envelope.getEntityGuid());
        Event event;
        Outcome outcome;
        try {
            event = EnvelopeReader.read(envelope, protection);
            outcome = appliers.fold(before, event);
        } catch (RejectedEventException e) {
            event = null;
            outcome = new Outcome.Rejected(e.getMessage());
        }
        Event recorded = event != null ? event : unreadable(envelope);
        switch (outcome) {
            case Outcome.Applied(Entity folded) -> {
                Entity after = withPendingGroups(before, folded);
                entities.put(after.id(), after);
                notifyMembers(before, after, record.timestamp());
                // Computed once: the audit trail and the entity-changes record carry the same field changes.
                List<FieldChange> changes = FieldChange.between(before == null ? Map.of() : before.data(), after.data());
                record(recorded, true, null, after, changes);
                applied.increment();
                context.forward(record.withKey(after.id()).withValue(OutputRecords.change(event, after, changes,
                                protection)),
                        ProjectorTopology.CHANGES_SINK);
                // A deleted entity leaves the compacted latest-state topic: a tombstone lets downstream caches drop it.
                context.forward(record.withKey(after.id()).withValue(after.deleted() ? null
                                : OutputRecords.state(after, protection)),
                        ProjectorTopology.STATE_SINK);
            }
            case Outcome.Rejected(String reason) -> {
                record(recorded, false, reason, before, List.of());
                reject(record, envelope, reason);
            }
        }
    }

    /** Counts the refusal and sends the event to events.rejected with the reason and where it came from. */
    private void reject(Record<String, EventEnvelope> record, EventEnvelope envelope, String reason) {
        rejected.increment();
        log.warn("event {} ({}) of {} rejected: {}", envelope.getGuid(), envelope.getType(), envelope.getEntityGuid(),
                reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.REASON, reason.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().map(RecordMetadata::partition).ifPresent(p ->
                headers.add(Headers.SOURCE_PARTITION, Integer.toString(p).getBytes(StandardCharsets.UTF_8)));
        context.recordMetadata().map(RecordMetadata::offset).ifPresent(o ->
                headers.add(Headers.SOURCE_OFFSET, Long.toString(o).getBytes(StandardCharsets.UTF_8)));
        context.forward(new Record<String, Object>(record.key(), envelope, record.timestamp(), headers),
                ProjectorTopology.REJECTED_SINK);
    }
}
