package io.veritrail.ingest.api;

import io.veritrail.ingest.validate.JsonText;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;

/** Reads a request body as JSON, or answers with the problem a client can act on. */
final class RequestBodies {
    private RequestBodies() {
    }

    /** The body as one event or an array of events, each event's data kept as sent where it is compact already. */
    static JsonText.Events events(byte[] body, long maxBytes) {
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.of("content-too-large", "Content too large", 413,
                    "The body has " + body.length + " bytes; at most " + maxBytes + " are accepted here."));
        }
        if (body.length == 0) {
            throw new ProblemException(Problem.of("empty-body", "Empty body", 400,
                    "The request has no body; send JSON."));
        }
        try {
            return JsonText.parseEvents(body);
        } catch (JsonText.MalformedException e) {
            throw new ProblemException(Problem.of("invalid-json", "Malformed JSON", 400,
                    e.getMessage()));
        }
    }
}
