package io.veritrail.integrity.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.veritrail.integrity.checkpoint.CheckpointPublisher;
import io.veritrail.integrity.log.LogFollower;
import io.veritrail.integrity.proof.ProofNotPossibleException;
import io.veritrail.integrity.proof.ProofService;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.security.Access;
import io.veritrail.service.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The integrity service's HTTP API: tree heads, signed checkpoints and the verifier key, inclusion and
 * consistency proofs in the JSON of DESIGN.md.
 */
public final class IntegrityApi {
    private final LogFollower follower;
    private final ProofService proofs;
    private final CheckpointPublisher checkpoints;

    private final Timer proofTime;

    public IntegrityApi(LogFollower follower, ProofService proofs, CheckpointPublisher checkpoints,
                        MeterRegistry metrics) {
        this.follower = follower;
        this.proofs = proofs;
        this.checkpoints = checkpoints;
        this.proofTime = Timer.builder("veritrail.integrity.proof")
                .description("time to compute a proof, without HTTP").publishPercentiles(0.5, 0.99).register(metrics);
    }

    /**
     * Roots, checkpoints and the verifier key are for any authenticated caller (hashes and counts, nothing of any
     * event); proofs, which locate an event in the log, for admins and auditors.
     */
    private static void requireProofReader(Context ctx) {
        Access.require(HttpService.principal(ctx), Role.ADMIN, Role.AUDITOR);
    }

    public void routes(RoutesConfig routes) {
        routes.get("/v1/roots", ctx -> ctx.json(follower.heads()));
        routes.get("/v1/checkpoints/key", ctx -> ctx.contentType("text/plain; charset=utf-8")
                .result(checkpoints.verifierKey() + "\n"));
        routes.get("/v1/checkpoints/{partition}", this::checkpoint);
        routes.get("/v1/proofs/inclusion", this::inclusion);
        routes.get("/v1/proofs/consistency", this::consistency);
    }

    private void checkpoint(Context ctx) {
        int partition = intParam(ctx.pathParam("partition"), "partition");
        String note = answer(() -> proofs.latestCheckpoint(partition)).orElseThrow(() -> new ProblemException(
                Problem.of("no-checkpoint", "No checkpoint yet", 404, "Partition " + partition
                        + " has no published checkpoint yet.")));
        ctx.contentType("text/plain; charset=utf-8").result(note);
    }

    private void inclusion(Context ctx) {
        requireProofReader(ctx);
        Long treeSize = optionalLong(ctx.queryParam("treeSize"), "treeSize");
        String guid = ctx.queryParam("eventGuid");
        if (guid != null) {
            ctx.json(answer(() -> proofs.inclusionOfEvent(guid, treeSize)));
            return;
        }
        String partition = ctx.queryParam("partition");
        String offset = ctx.queryParam("offset");
        if (partition == null || offset == null) {
            throw new ProblemException(Problem.of("invalid-query", "Missing parameters", 400,
                    "Give eventGuid, or partition and offset.", java.util.List.of(
                            new Problem.FieldError("eventGuid", "or partition and offset"))));
        }
        int p = intParam(partition, "partition");
        long o = longParam(offset, "offset");
        ctx.json(answer(() -> proofs.inclusionAt(p, o, treeSize)));
    }

    private void consistency(Context ctx) {
        requireProofReader(ctx);
        int partition = intParam(required(ctx, "partition"), "partition");
        long from = longParam(required(ctx, "from"), "from");
        Long to = optionalLong(ctx.queryParam("to"), "to");
        ctx.json(answer(() -> proofs.consistency(partition, from, to)));
    }

    private <T> T answer(java.util.function.Supplier<T> proof) {
        try {
            return proofTime.record(proof);
        } catch (ProofNotPossibleException e) {
            throw new ProblemException(e.notFound()
                    ? Problem.of("not-found", "Not in the log", 404, e.getMessage())
                    : Problem.of("invalid-query", "Proof not possible", 400, e.getMessage()));
        }
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            throw invalid(name, "is required");
        }
        return value;
    }

    private static Long optionalLong(String value, String name) {
        return value == null ? null : longParam(value, name);
    }

    private static long longParam(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number");
        }
    }

    private static int intParam(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number");
        }
    }

    private static ProblemException invalid(String name, String message) {
        return new ProblemException(Problem.of("invalid-query", "Invalid query", 400, name + " " + message,
                java.util.List.of(new Problem.FieldError(name, message))));
    }
}
