package io.veritrail.ingest.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.veritrail.ingest.sync.EventPager;
import io.veritrail.ingest.sync.SyncCursor;
import io.veritrail.ingest.sync.SyncPage;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.security.Access;
import io.veritrail.service.security.Principal;
import io.veritrail.service.security.Role;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;

/**
 * {@code GET /v1/events?since=<cursor>&limit=}: offline clients page through the log from where they stopped;
 * each answer carries the cursor for the next call and whether the client has caught up. Admins and auditors see
 * every event, a collector the events it wrote.
 */
public final class SyncApi {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final EventPager pager;

    public SyncApi(EventPager pager) {
        this.pager = pager;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/v1/events", this::page);
    }

    private void page(Context ctx) {
        SyncCursor cursor;
        try {
            cursor = SyncCursor.decode(ctx.queryParam("since"));
        } catch (IllegalArgumentException e) {
            throw invalid("since", "is not a cursor this service gave out; start without one");
        }
        int limit = DEFAULT_LIMIT;
        if (ctx.queryParam("limit") != null) {
            try {
                limit = Integer.parseInt(ctx.queryParam("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        Principal caller = HttpService.principal(ctx);
        Access.require(caller, Role.ADMIN, Role.AUDITOR, Role.COLLECTOR);
        SyncPage page;
        try {
            page = pager.page(cursor, limit);
        } catch (RetriableException e) {
            // The log did not answer in time (a broker down or moving leaders): the same cursor works later.
            throw new ProblemException(Problem.of("log-unavailable", "Event log unavailable", 503,
                    "The event log did not answer (" + e.getMessage() + "); retry with the same cursor."), 5);
        }
        if (!caller.readsEverything()) {
            // A collector syncs the events it wrote; the cursor still moves past the others.
            page = new SyncPage(page.events().stream().filter(e -> e.userId().equals(caller.subject())).toList(),
                    page.next(), page.caughtUp());
        }
        ctx.json(page);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.of("invalid-query", "Invalid query", 400, field + " " + message,
                List.of(new Problem.FieldError(field, message))));
    }
}
