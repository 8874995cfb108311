package io.veritrail.integrity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.integrity.api.IntegrityApi;
import io.veritrail.integrity.audit.PeriodicAudit;
import io.veritrail.integrity.checkpoint.CheckpointPublisher;
import io.veritrail.integrity.checkpoint.NoteSigner;
import io.veritrail.integrity.log.LogFollower;
import io.veritrail.integrity.log.TreeHead;
import io.veritrail.integrity.proof.ProofService;
import io.veritrail.integrity.store.IntegrityStore;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.Settings;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.service.http.ApiDescription;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.metrics.ServiceMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The integrity service: Merkle trees over the log, signed checkpoints, proofs and audits. Wiring only. */
public final class IntegrityApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntegrityApp.class);

    private final IntegrityStore store;
    private final CheckpointPublisher checkpoints;
    private final LogFollower follower;
    private final PeriodicAudit audit;
    private final HttpService http;
    private final MeterRegistry metrics;

    private IntegrityApp(IntegrityStore store, CheckpointPublisher checkpoints, LogFollower follower,
                         PeriodicAudit audit, HttpService http, MeterRegistry metrics) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.follower = follower;
        this.audit = audit;
        this.http = http;
        this.metrics = metrics;
    }

    /** Without authentication: tests and the benchmark's own stack. */
    public static IntegrityApp start(IntegrityConfig config) {
        return start(config, AuthSettings.off());
    }

    public static IntegrityApp start(IntegrityConfig config, AuthSettings auth) {
        PrometheusMeterRegistry metrics = ServiceMetrics.create("integrity");
        IntegrityStore store = IntegrityStore.open(config.stateDir().resolve("store"), config.guidSealEvery());
        NoteSigner signer = NoteSigner.loadOrCreate(config.stateDir(), config.origin());
        String bootstrap = config.cluster().bootstrapServers();
        CheckpointPublisher checkpoints = new CheckpointPublisher(bootstrap, config.origin(), Topics.EVENTS, signer,
                config.checkpoints(), store);
        LogFollower follower = null;
        PeriodicAudit audit = null;
        try {
            follower = new LogFollower(bootstrap, Topics.EVENTS, store, checkpoints, metrics);
            ProofService proofs = new ProofService(Topics.EVENTS, follower.heads().size(), store, checkpoints);
            audit = new PeriodicAudit(bootstrap, signer.verifierKey(), store, config.auditEvery(), metrics).start();
            LogFollower following = follower;
            IntegrityApi api = new IntegrityApi(follower, proofs, checkpoints, metrics);
            HttpService http = HttpService.start(config.host(), config.port(), HttpService.DEFAULT_MAX_REQUEST_BYTES,
                    metrics, () -> following.isAlive() ? HealthCheck.Health.up("following " + Topics.EVENTS)
                            : HealthCheck.Health.down("the log follower stopped; see the log"),
                    auth.authenticator(java.time.Clock.systemUTC()), routes -> {
                        api.routes(routes);
                        ApiDescription.serve(routes, "openapi/integrity.yaml");
                    });
            // Following starts last: a catch-up is then measured from its first leaf by whoever started the service,
            // rather than with its first second spent beside the HTTP server's start-up.
            follower.start();
            log.info("integrity ready on http://{}:{}; verifier key {}", config.host(), http.port(),
                    signer.verifierKey());
            return new IntegrityApp(store, checkpoints, follower, audit, http, metrics);
        } catch (RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            if (follower != null) {
                follower.close();
            }
            checkpoints.close();
            store.close();
            throw e;
        }
    }

    /** The latest committed tree head of every partition. */
    public List<TreeHead> heads() {
        return follower.heads();
    }

    /** Leaves hashed into all the trees and committed, without computing their roots. */
    public long leaves() {
        return follower.leaves();
    }

    public String verifierKey() {
        return checkpoints.verifierKey();
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    public int port() {
        return http.port();
    }

    /** The routes the HTTP API answers, as {@code "METHOD /path"}: what its OpenAPI document must list. */
    public List<String> routes() {
        return http.routes();
    }

    @Override
    public void close() {
        http.close();
        audit.close();
        follower.close();
        checkpoints.close();
        store.close();
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystem();
        IntegrityApp app = start(IntegrityConfig.from(settings), AuthSettings.from(settings));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "integrity-shutdown"));
    }
}
