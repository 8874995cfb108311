package io.veritrail.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.publish.Accepted;
import io.veritrail.ingest.publish.BatchPublisher;
import io.veritrail.ingest.publish.EventPublisher;
import io.veritrail.ingest.publish.LogUnavailableException;
import io.veritrail.ingest.reference.EntityLookup;
import io.veritrail.ingest.reference.MemberExists;
import io.veritrail.ingest.validate.EnvelopeValidator;
import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.ingest.validate.Validation;
import io.veritrail.ingest.validate.Violation;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} (one event) and {@code POST /v1/events/batch} (a JSON array). A refused event is never
 * written; each answer names every field at fault.
 */
public final class EventsApi {
    private static final Logger log = LoggerFactory.getLogger(EventsApi.class);

    private final EnvelopeValidator validator = new EnvelopeValidator();
    private final MemberExists memberExists;
    private final EventPublisher single;
    private final BatchPublisher batches;
    private final IngestConfig config;
    private final Counter accepted;
    private final Counter rejected;
    private final Timer publishTime;
    private final DistributionSummary batchSize;

    public EventsApi(EventPublisher single, BatchPublisher batches, MemberExists memberExists, IngestConfig config,
                     MeterRegistry metrics) {
        this.memberExists = memberExists;
        this.single = single;
        this.batches = batches;
        this.config = config;
        this.accepted = Counter.builder("veritrail.ingest.events").tag("outcome", "accepted")
                .description("events accepted into the log").register(metrics);
        this.rejected = Counter.builder("veritrail.ingest.events").tag("outcome", "rejected")
                .description("events refused by validation").register(metrics);
        this.publishTime = Timer.builder("veritrail.ingest.publish")
                .description("time until the log confirmed a write (one event or one batch)")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.batchSize = DistributionSummary.builder("veritrail.ingest.batch.size").register(metrics);
    }

    public void routes(RoutesConfig routes) {
        routes.post("/v1/events", this::postEvent);
        routes.post("/v1/events/batch", this::postBatch);
    }

    private void postEvent(Context ctx) {
        JsonNode body = RequestBodies.json(ctx.bodyAsBytes(), config.maxEventBytes());
        Validation validation = validator.validate(body);
        if (validation instanceof Validation.Invalid invalid) {
            rejected.increment();
            throw new ProblemException(Problem.of("invalid-event", "Invalid event", 400,
                    invalid.violations().size() + " field(s) at fault", fieldErrors(invalid.violations())));
        }
        IncomingEvent event = ((Validation.Valid) validation).event();
        referencesExist(event, java.util.Set.of()).ifPresent(violation -> {
            rejected.increment();
            throw new ProblemException(Problem.of("invalid-event", "Invalid event", 400, violation.message(),
                    fieldErrors(List.of(violation))));
        });
        Accepted written = confirmed(() -> single.publish(event));
        accepted.increment();
        ctx.status(202).json(written);
    }

    private void postBatch(Context ctx) {
        JsonNode body = RequestBodies.json(ctx.bodyAsBytes(), config.maxBatchBytes());
        if (!body.isArray()) {
            throw new ProblemException(Problem.of("invalid-batch", "Invalid batch", 400,
                    "A batch is a JSON array of events.", List.of(new Problem.FieldError("/", "must be a JSON array"))));
        }
        if (body.isEmpty() || body.size() > config.maxBatchItems()) {
            throw new ProblemException(Problem.of("invalid-batch", "Invalid batch", body.isEmpty() ? 400 : 413,
                    "A batch holds 1 to " + config.maxBatchItems() + " events; this one has " + body.size() + "."));
        }
        BatchItemResult[] results = new BatchItemResult[body.size()];
        List<IncomingEvent> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        java.util.Set<String> createdInBatch = new java.util.HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            switch (validator.validate(item)) {
                case Validation.Valid(IncomingEvent event) -> {
                    java.util.Optional<Violation> missing = referencesExist(event, createdInBatch);
                    if (missing.isPresent()) {
                        results[i] = new BatchItemResult(i, BatchItemResult.REJECTED, event.guid(), null, null, null,
                                fieldErrors(List.of(missing.get())));
                    } else {
                        valid.add(event);
                        validIndexes.add(i);
                        if (event.type().startsWith("create-")) {
                            createdInBatch.add(event.entityGuid());
                        }
                    }
                }
                case Validation.Invalid(List<Violation> violations) -> results[i] = new BatchItemResult(i,
                        BatchItemResult.REJECTED, item.path("guid").isTextual() ? item.get("guid").asText() : null,
                        null, null, null, fieldErrors(violations));
            }
        }
        List<Accepted> written = confirmed(() -> batches.publishAll(valid));
        for (int j = 0; j < written.size(); j++) {
            Accepted a = written.get(j);
            int index = validIndexes.get(j);
            results[index] = new BatchItemResult(index, BatchItemResult.ACCEPTED, a.guid(), a.topic(), a.partition(),
                    a.offset(), null);
        }
        accepted.increment(written.size());
        rejected.increment(body.size() - written.size());
        batchSize.record(body.size());
        ctx.status(200).json(new BatchResult(written.size(), body.size() - written.size(), Arrays.asList(results)));
    }

    private java.util.Optional<Violation> referencesExist(IncomingEvent event, java.util.Set<String> createdInBatch) {
        try {
            return memberExists.check(event, createdInBatch);
        } catch (EntityLookup.UnavailableException e) {
            log.warn("cannot check the references of {}: {}", event.guid(), e.getMessage());
            throw new ProblemException(Problem.of("reference-check-unavailable", "Cannot check the member", 503,
                    "Whether the member exists cannot be checked right now; retry with the same guid."), 5);
        }
    }

    private <T> T confirmed(Supplier<T> write) {
        try {
            return publishTime.record(write);
        } catch (LogUnavailableException e) {
            log.warn("{}", e.getMessage(), e.getCause());
            throw new ProblemException(Problem.of("log-unavailable", "Event log unavailable", 503,
                    "The event log did not confirm the write; nothing of this request is visible to readers. "
                            + "Retry with the same guids."), 5);
        }
    }

    private static List<Problem.FieldError> fieldErrors(List<Violation> violations) {
        return violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList();
    }
}
