package io.veritrail.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.veritrail.ingest.publish.Accepted;
import io.veritrail.ingest.publish.EventPublisher;
import io.veritrail.ingest.publish.LogUnavailableException;
import io.veritrail.ingest.validate.EnvelopeValidator;
import io.veritrail.ingest.validate.Validation;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import io.veritrail.service.json.Json;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: one event as JSON. Answers 202 with where the event now lives in the log, or a problem
 * document naming every field at fault; a refused event is never written.
 */
public final class EventsApi {
    private static final Logger log = LoggerFactory.getLogger(EventsApi.class);

    private final EnvelopeValidator validator = new EnvelopeValidator();
    private final EventPublisher publisher;
    private final Counter accepted;
    private final Counter rejected;
    private final Timer publishTime;

    public EventsApi(EventPublisher publisher, MeterRegistry metrics) {
        this.publisher = publisher;
        this.accepted = Counter.builder("veritrail.ingest.events").tag("outcome", "accepted")
                .description("events accepted into the log").register(metrics);
        this.rejected = Counter.builder("veritrail.ingest.events").tag("outcome", "rejected")
                .description("events refused by validation").register(metrics);
        this.publishTime = Timer.builder("veritrail.ingest.publish").description("time until the log confirmed a write")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    public void routes(RoutesConfig routes) {
        routes.post("/v1/events", this::postEvent);
    }

    private void postEvent(Context ctx) {
        JsonNode body = parse(ctx.bodyAsBytes());
        Validation validation = validator.validate(body);
        if (validation instanceof Validation.Invalid invalid) {
            rejected.increment();
            throw new ProblemException(Problem.of("invalid-event", "Invalid event", 400,
                    invalid.violations().size() + " field(s) at fault",
                    invalid.violations().stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList()));
        }
        Validation.Valid valid = (Validation.Valid) validation;
        Accepted written;
        try {
            written = publishTime.recordCallable(() -> publisher.publish(valid.event()));
        } catch (LogUnavailableException e) {
            log.warn("{}", e.getMessage(), e.getCause());
            throw new ProblemException(Problem.of("log-unavailable", "Event log unavailable", 503,
                    "The event was not confirmed by the log; retry with the same guid."), 5);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        accepted.increment();
        ctx.status(202).json(written);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ProblemException(Problem.of("empty-body", "Empty body", 400,
                    "The request has no body; send the event as a JSON object."));
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(Problem.of("empty-body", "Empty body", 400,
                        "The request body holds no JSON value."));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of("invalid-json", "Malformed JSON", 400,
                    "The body is not valid JSON: " + e.getOriginalMessage()
                            + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ProblemException(Problem.of("invalid-json", "Unreadable body", 400, e.getMessage()));
        }
    }
}
