package io.veritrail.projector.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.Outcome;
import io.veritrail.projector.apply.RejectedEventException;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.schemas.avro.EventEnvelope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each event of the log into its entity's state. Events of one entity all arrive on one partition, in log
 * order, so the store can be keyed by entity id without a repartition. A rejected event leaves the entity
 * unchanged and never stops the stream.
 */
final class EventFoldProcessor implements Processor<String, EventEnvelope, String, Entity> {
    private static final Logger log = LoggerFactory.getLogger(EventFoldProcessor.class);

    private final ApplierRegistry appliers;
    private final Counter applied;
    private final Counter rejected;
    private KeyValueStore<String, Entity> entities;

    EventFoldProcessor(ApplierRegistry appliers, MeterRegistry metrics) {
        this.appliers = appliers;
        this.applied = Counter.builder("veritrail.projector.events").tag("outcome", "applied").register(metrics);
        this.rejected = Counter.builder("veritrail.projector.events").tag("outcome", "rejected")
                .description("failed events: refused by a rule, unknown type or unreadable data").register(metrics);
    }

    @Override
    public void init(ProcessorContext<String, Entity> context) {
        this.entities = context.getStateStore(StoreNames.ENTITIES);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        EventEnvelope envelope = record.value();
        if (envelope == null) {
            return;
        }
        Outcome outcome;
        try {
            Event event = EnvelopeReader.read(envelope);
            outcome = appliers.fold(entities.get(event.entityGuid()), event);
        } catch (RejectedEventException e) {
            outcome = new Outcome.Rejected(e.getMessage());
        }
        switch (outcome) {
            case Outcome.Applied(Entity entity) -> {
                entities.put(entity.id(), entity);
                applied.increment();
            }
            case Outcome.Rejected(String reason) -> {
                rejected.increment();
                log.warn("event {} ({}) of {} rejected: {}", envelope.getGuid(), envelope.getType(),
                        envelope.getEntityGuid(), reason);
            }
        }
    }
}
