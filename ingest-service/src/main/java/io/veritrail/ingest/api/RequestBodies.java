package io.veritrail.ingest.api;

import io.javalin.http.Context;
import io.veritrail.ingest.validate.JsonText;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import java.io.IOException;

/** Reads a request body as JSON, or answers with the problem a client can act on. */
final class RequestBodies {
    private RequestBodies() {
    }

    /** The request's body as one event or an array of events (see {@link #events(byte[], long)}). */
    static JsonText.Events events(Context ctx, long maxBytes) {
        return events(body(ctx, maxBytes), maxBytes);
    }

    /**
     * The body's bytes, read into an array of the size the request declares: reading a 250 KB batch through a
     * growing buffer and copying it out, as {@code ctx.bodyAsBytes()} does, was a twentieth of a request thread's CPU
     * and most of its garbage. A body of unknown length (chunked), or declared larger than {@code maxBytes}, is read
     * the general way, which refuses one too large as before (answering before the client has sent its body makes
     * clients such as the JDK's see a broken connection instead of the 413).
     */
    private static byte[] body(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0 || declared > maxBytes) {
            return ctx.bodyAsBytes();
        }
        try {
            return ctx.req().getInputStream().readNBytes((int) declared);
        } catch (IOException e) {
            throw new ProblemException(Problem.of("body-unreadable", "Body not received", 400,
                    "The body could not be read whole: " + e.getMessage()));
        }
    }

    /** The body as one event or an array of events, each event's data kept as sent where it is compact already. */
    static JsonText.Events events(byte[] body, long maxBytes) {
        if (body.length > maxBytes) {
            throw tooLarge(body.length, maxBytes);
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

    private static ProblemException tooLarge(long bytes, long maxBytes) {
        return new ProblemException(Problem.of("content-too-large", "Content too large", 413,
                "The body has " + bytes + " bytes; at most " + maxBytes + " are accepted here."));
    }
}
