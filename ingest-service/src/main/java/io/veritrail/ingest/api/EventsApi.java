package io.veritrail.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.ingest.publish.LogUnavailableException;
import io.veritrail.ingest.publish.LogWriter;
import io.veritrail.ingest.publish.WriteOutcome;
import io.veritrail.ingest.validate.ChecksUnavailableException;
import io.veritrail.ingest.validate.EventChecks;
import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.ingest.validate.JsonText;
import io.veritrail.ingest.validate.Validation;
import io.veritrail.ingest.validate.Violation;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import io.veritrail.service.json.Json;
import io.veritrail.service.security.Access;
import io.veritrail.service.security.Principal;
import io.veritrail.service.security.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} (one event) and {@code POST /v1/events/batch} (a JSON array). A refused event is never
 * written; each answer names every field at fault. A guid seen before answers where its event is
 * ({@code duplicate}) or, when the content differs, 409.
 */
public final class EventsApi {
    private static final Logger log = LoggerFactory.getLogger(EventsApi.class);

    private final EventChecks checks;
    private final LogWriter writer;
    private final IngestConfig config;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Timer publishTime;
    private final DistributionSummary batchSize;

    public EventsApi(EventChecks checks, LogWriter writer, IngestConfig config, MeterRegistry metrics) {
        this.checks = checks;
        this.writer = writer;
        this.config = config;
        this.accepted = outcomes(metrics, "accepted", "events written into the log");
        this.duplicates = outcomes(metrics, "duplicate", "events whose guid and content were written before");
        this.rejected = outcomes(metrics, "rejected", "events refused (validation or guid conflict)");
        this.publishTime = Timer.builder("veritrail.ingest.publish")
                .description("time until the log confirmed a write (one event or one batch)")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.batchSize = DistributionSummary.builder("veritrail.ingest.batch.size").register(metrics);
    }

    private static Counter outcomes(MeterRegistry metrics, String outcome, String description) {
        return Counter.builder("veritrail.ingest.events").tag("outcome", outcome).description(description)
                .register(metrics);
    }

    public void routes(RoutesConfig routes) {
        routes.post("/v1/events", this::postEvent);
        routes.post("/v1/events/batch", this::postBatch);
    }

    private void postEvent(Context ctx) {
        Principal caller = writer(ctx);
        JsonText.Events parsed = RequestBodies.events(ctx, config.maxEventBytes());
        JsonNode body = parsed.root();
        Validation validation = ownedBy(caller, caller.hasAny(Role.ADMIN),
                checked(body, parsed.compactDataOf(body), Set.of()));
        if (validation instanceof Validation.Invalid invalid) {
            rejected.increment();
            throw new ProblemException(Problem.of("invalid-event", "Invalid event", 400,
                    invalid.violations().size() + " field(s) at fault", fieldErrors(invalid.violations())));
        }
        IncomingEvent event = ((Validation.Valid) validation).event();
        WriteOutcome outcome = written(writer.submit(List.of(event))).getFirst();
        switch (outcome.status()) {
            case WRITTEN -> {
                accepted.increment();
                ctx.status(202).json(EventResult.of(BatchItemResult.ACCEPTED, outcome.place()));
            }
            case DUPLICATE -> {
                duplicates.increment();
                ctx.status(200).json(EventResult.of(BatchItemResult.DUPLICATE, outcome.place()));
            }
            case CONFLICT -> {
                rejected.increment();
                Violation conflict = conflict(outcome);
                throw new ProblemException(Problem.of("guid-conflict", "Guid already used", 409,
                        conflict.message(), fieldErrors(List.of(conflict))));
            }
            case ERASED -> {
                rejected.increment();
                throw new ProblemException(Problem.of("entity-erased", "Entity erased", 410, ERASED.message(),
                        fieldErrors(List.of(ERASED))));
            }
        }
    }

    private void postBatch(Context ctx) {
        Principal caller = writer(ctx);
        JsonText.Events parsed = RequestBodies.events(ctx, config.maxBatchBytes());
        JsonNode body = parsed.root();
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
        Set<String> createdInBatch = new HashSet<>();
        boolean admin = caller.hasAny(Role.ADMIN);
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            switch (ownedBy(caller, admin, checked(item, parsed.compactDataOf(item), createdInBatch))) {
                case Validation.Valid(IncomingEvent event) -> {
                    valid.add(event);
                    validIndexes.add(i);
                    if (event.type().startsWith("create-")) {
                        createdInBatch.add(event.entityGuid());
                    }
                }
                case Validation.Invalid(List<Violation> violations) -> results[i] = new BatchItemResult(i,
                        BatchItemResult.REJECTED, item.path("guid").isTextual() ? item.get("guid").asText() : null,
                        null, null, null, fieldErrors(violations));
            }
        }
        List<WriteOutcome> outcomes = valid.isEmpty() ? List.of() : written(writer.submit(valid));
        int written = 0;
        int duplicate = 0;
        for (int j = 0; j < outcomes.size(); j++) {
            WriteOutcome outcome = outcomes.get(j);
            int index = validIndexes.get(j);
            var place = outcome.place();
            results[index] = switch (outcome.status()) {
                case WRITTEN -> new BatchItemResult(index, BatchItemResult.ACCEPTED, place.guid(), place.topic(),
                        place.partition(), place.offset(), null);
                case DUPLICATE -> new BatchItemResult(index, BatchItemResult.DUPLICATE, place.guid(), place.topic(),
                        place.partition(), place.offset(), null);
                case CONFLICT -> new BatchItemResult(index, BatchItemResult.REJECTED, place.guid(), null, null, null,
                        fieldErrors(List.of(conflict(outcome))));
                case ERASED -> new BatchItemResult(index, BatchItemResult.REJECTED, place.guid(), null, null, null,
                        fieldErrors(List.of(ERASED)));
            };
            written += outcome.status() == WriteOutcome.Status.WRITTEN ? 1 : 0;
            duplicate += outcome.status() == WriteOutcome.Status.DUPLICATE ? 1 : 0;
        }
        int refused = body.size() - written - duplicate;
        accepted.increment(written);
        duplicates.increment(duplicate);
        rejected.increment(refused);
        batchSize.record(body.size());
        // Written to bytes in one step: ctx.json makes a String of the answer (tens of kilobytes) and encodes it again.
        ctx.status(200).contentType(ContentType.APPLICATION_JSON).result(
                answer(new BatchResult(written, duplicate, refused, Arrays.asList(results))));
    }

    private static byte[] answer(BatchResult result) {
        try {
            return Json.mapper().writeValueAsBytes(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a batch answer could not be written as JSON", e);
        }
    }

    /** Only admins and collectors write. */
    private static Principal writer(Context ctx) {
        Principal caller = HttpService.principal(ctx);
        Access.require(caller, Role.ADMIN, Role.COLLECTOR);
        return caller;
    }

    /**
     * A collector writes in its own name: the event's userId must be the token's subject. {@code admin}: whether
     * the caller is an admin, who writes for anyone (asked once a request, not once an event).
     */
    private static Validation ownedBy(Principal caller, boolean admin, Validation validation) {
        if (!admin && validation instanceof Validation.Valid(IncomingEvent event)
                && !event.userId().equals(caller.subject())) {
            return new Validation.Invalid(List.of(new Violation("/userId",
                    "must be the caller's own id (" + caller.subject() + "): a collector writes in its own name")));
        }
        return validation;
    }

    private Validation checked(JsonNode body, byte[] compactData, Set<String> createdInBatch) {
        try {
            return checks.check(body, compactData, createdInBatch);
        } catch (ChecksUnavailableException e) {
            log.warn("{}: {}", e.getMessage(), e.getCause() == null ? "" : e.getCause().getMessage());
            throw new ProblemException(Problem.of("checks-unavailable", "Cannot check the event now", 503,
                    e.getMessage() + "; retry with the same guid."), 5);
        }
    }

    private static final Violation ERASED = new Violation("/entityGuid",
            "this entity's data was erased (its key destroyed); it takes no new events");

    private static Violation conflict(WriteOutcome outcome) {
        return new Violation("/guid", "was already used by an event with other content (partition "
                + outcome.place().partition() + ", offset " + outcome.place().offset() + "); a new event needs a new guid");
    }

    private List<WriteOutcome> written(CompletableFuture<List<WriteOutcome>> pending) {
        long started = System.nanoTime();
        try {
            return pending.get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.warn("write not confirmed: {}", cause.toString());
            throw new ProblemException(Problem.of("log-unavailable", "Event log unavailable", 503,
                    "The event log did not confirm the write; nothing of this request is visible to readers yet. "
                            + "Retry with the same guids: events that did land answer as duplicates."), 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while waiting for the log", e);
        } finally {
            publishTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static List<Problem.FieldError> fieldErrors(List<Violation> violations) {
        return violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList();
    }
}
