package io.veritrail.integrity;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.integrity.api.RootsApi;
import io.veritrail.integrity.log.LogFollower;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.Settings;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The integrity service: Merkle trees over the log and their HTTP API. Wiring only. */
public final class IntegrityApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntegrityApp.class);

    private final LogFollower follower;
    private final HttpService http;

    private IntegrityApp(LogFollower follower, HttpService http) {
        this.follower = follower;
        this.http = http;
    }

    public static IntegrityApp start(IntegrityConfig config) {
        PrometheusMeterRegistry metrics = ServiceMetrics.create("integrity");
        LogFollower follower = new LogFollower(config.cluster().bootstrapServers(), Topics.EVENTS, metrics).start();
        try {
            RootsApi roots = new RootsApi(follower);
            HttpService http = HttpService.start(config.host(), config.port(), HttpService.DEFAULT_MAX_REQUEST_BYTES,
                    metrics, () -> follower.isAlive() ? HealthCheck.Health.up("following " + Topics.EVENTS)
                            : HealthCheck.Health.down("the log follower stopped; see the log"), roots::routes);
            log.info("integrity ready on http://{}:{}", config.host(), http.port());
            return new IntegrityApp(follower, http);
        } catch (RuntimeException e) {
            follower.close();
            throw e;
        }
    }

    /** The latest tree head of every partition. */
    public java.util.List<io.veritrail.integrity.log.TreeHead> heads() {
        return follower.heads();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        follower.close();
    }

    public static void main(String[] args) {
        IntegrityApp app = start(IntegrityConfig.from(Settings.fromSystem()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "integrity-shutdown"));
    }
}
