package io.veritrail.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import io.veritrail.service.json.Json;
import java.io.IOException;

/** Reads a request body as JSON, or answers with the problem a client can act on. */
final class RequestBodies {
    private RequestBodies() {
    }

    static JsonNode json(byte[] body, long maxBytes) {
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.of("content-too-large", "Content too large", 413,
                    "The body has " + body.length + " bytes; at most " + maxBytes + " are accepted here."));
        }
        if (body.length == 0) {
            throw new ProblemException(Problem.of("empty-body", "Empty body", 400,
                    "The request has no body; send JSON."));
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
