package io.veritrail.integrity.api;

import io.javalin.config.RoutesConfig;
import io.veritrail.integrity.log.LogFollower;

/** {@code GET /v1/roots}: for each partition of the log, its tree size and RFC 6962 root hash. */
public final class RootsApi {
    private final LogFollower follower;

    public RootsApi(LogFollower follower) {
        this.follower = follower;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/v1/roots", ctx -> ctx.json(follower.heads()));
    }
}
