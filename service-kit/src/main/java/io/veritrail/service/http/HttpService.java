package io.veritrail.service.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.service.json.Json;
import io.veritrail.service.security.AuthenticationException;
import io.veritrail.service.security.Authenticator;
import io.veritrail.service.security.Principal;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face every service shares: its own routes plus {@code GET /health}, Prometheus {@code GET /metrics},
 * and every error, ours or the framework's, rendered as an RFC 9457 problem document. No stack trace ever
 * reaches a client; unexpected failures are logged here with the request that caused them.
 */
public final class HttpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    /** Bodies above this are refused with 413 before a handler sees them. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    private static final String PRINCIPAL = "veritrail.principal";

    private final Javalin app;

    private HttpService(Javalin app) {
        this.app = app;
    }

    /** A service without authentication (every caller is an admin): tests and the benchmark's own stack. */
    public static HttpService start(String host, int port, long maxRequestBytes, PrometheusMeterRegistry metrics,
                                    HealthCheck health, Consumer<RoutesConfig> routes) {
        return start(host, port, maxRequestBytes, metrics, health, Authenticator.off(), routes);
    }

    /**
     * Every route but {@code /health}, the OpenAPI document (and {@code /metrics} when open) first authenticates the
     * caller: 401 with {@code WWW-Authenticate} when the credentials are missing or wrong; handlers read the caller
     * with {@link #principal(Context)}.
     */
    public static HttpService start(String host, int port, long maxRequestBytes, PrometheusMeterRegistry metrics,
                                    HealthCheck health, Authenticator authenticator, Consumer<RoutesConfig> routes) {
        if (!authenticator.enabled()) {
            log.warn("authentication is OFF on port {}: every caller may do everything", port);
        }
        Javalin app = Javalin.create(config -> {
            config.routes.beforeMatched(ctx -> {
                if (authenticator.isOpen(ctx.path()) || ApiDescription.PATH.equals(ctx.path())) {
                    ctx.attribute(PRINCIPAL, Principal.UNAUTHENTICATED_ADMIN);
                    return;
                }
                try {
                    ctx.attribute(PRINCIPAL, authenticator.authenticate(ctx.header("Authorization"),
                            ctx.header("X-Api-Key")));
                } catch (AuthenticationException e) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"veritrail\", error=\"invalid_token\"");
                    throw new ProblemException(Problem.of("unauthenticated", "Unauthenticated", 401, e.getMessage()));
                }
            });
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = maxRequestBytes;
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", ctx -> {
                HealthCheck.Health h = health.check();
                ctx.status(h.isUp() ? 200 : 503).json(h);
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            routes.accept(config.routes);
            config.routes.exception(ProblemException.class, (e, ctx) -> {
                if (e.retryAfterSeconds() >= 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                respond(ctx, e.problem());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx,
                    Problem.of(slug(e.getStatus()), reason(e.getStatus()), e.getStatus(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                respond(ctx, Problem.of("internal-error", "Internal error", 500,
                        "The request could not be completed; the error is logged."));
            });
            config.routes.error(404, ctx -> {
                if (!isProblem(ctx)) {
                    respond(ctx, Problem.of("not-found", "Not found", 404, "No resource at " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> {
                if (!isProblem(ctx)) {
                    respond(ctx, Problem.of("method-not-allowed", "Method not allowed", 405,
                            ctx.method() + " is not allowed on " + ctx.path()));
                }
            });
        });
        app.start(host, port);
        firstRequest(host, app.port());
        log.info("HTTP listening on {}:{}", host, app.port());
        return new HttpService(app);
    }

    /**
     * Javalin 7 builds its per-servlet request settings on the first request, in a lazy value without a lock: two
     * first requests at once can fail with a NullPointerException and an empty 500 (seen when the benchmark's four
     * clients started together). So the service makes that first request itself, before start returns.
     */
    private static void firstRequest(String host, int port) {
        String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        try (Socket socket = new Socket(target, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            log.warn("the first request to {}:{} failed ({}); concurrent first requests may fail once", target, port,
                    e.toString());
        }
    }

    /**
     * The routes this service answers, as {@code "METHOD /path"} with Javalin's path parameters ({@code {id}}),
     * which OpenAPI spells the same: the test that the service's OpenAPI document lists every route and no other.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The Javalin instance, for the test of the first-request workaround. */
    Javalin javalin() {
        return app;
    }

    /** The authenticated caller of a request (an admin when authentication is off). */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Principal.UNAUTHENTICATED_ADMIN : principal;
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    public static void respond(Context ctx, Problem problem) {
        Problem located = problem.instance() == null ? problem.at(ctx.path()) : problem;
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(write(located));
    }

    private static String write(Problem problem) {
        try {
            return Json.mapper().writeValueAsString(problem);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<Integer, String> REASONS = Map.of(
            400, "Bad request", 401, "Unauthorized", 403, "Forbidden", 404, "Not found",
            405, "Method not allowed", 409, "Conflict", 413, "Content too large", 415, "Unsupported media type",
            503, "Service unavailable");

    private static String reason(int status) {
        return REASONS.getOrDefault(status, "HTTP " + status);
    }

    private static String slug(int status) {
        return reason(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
