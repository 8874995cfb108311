package io.veritrail.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.ingest.api.EventsApi;
import io.veritrail.ingest.api.SyncApi;
import io.veritrail.ingest.sync.EventPager;
import io.veritrail.ingest.publish.BatchPublisher;
import io.veritrail.ingest.publish.EventPublisher;
import io.veritrail.ingest.reference.MemberExists;
import io.veritrail.ingest.reference.ProjectorLookup;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.service.config.Settings;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.metrics.ServiceMetrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest service: wiring only. */
public final class IngestApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestApp.class);

    private final EventPublisher publisher;
    private final BatchPublisher batches;
    private final HttpService http;

    private IngestApp(EventPublisher publisher, BatchPublisher batches, HttpService http) {
        this.publisher = publisher;
        this.batches = batches;
        this.http = http;
    }

    public static IngestApp start(IngestConfig config) {
        PrometheusMeterRegistry metrics = ServiceMetrics.create("ingest");
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(config.cluster().registryUrl()));
        EventPublisher publisher = new EventPublisher(config.cluster().bootstrapServers(), registry, Clock.systemUTC());
        BatchPublisher batches = null;
        try {
            batches = new BatchPublisher(config.cluster().bootstrapServers(), registry, Clock.systemUTC(),
                    config.instanceId(), config.batchProducers());
            EventsApi events = new EventsApi(publisher, batches,
                    new MemberExists(new ProjectorLookup(config.projectorUrl())), config, metrics);
            SyncApi sync = new SyncApi(new EventPager(config.cluster().bootstrapServers(), registry));
            HttpService http = HttpService.start(config.host(), config.port(),
                    Math.max(config.maxEventBytes(), config.maxBatchBytes()), metrics,
                    () -> HealthCheck.Health.up("accepting events"), routes -> {
                        events.routes(routes);
                        sync.routes(routes);
                    });
            log.info("ingest ready on http://{}:{} (Kafka {}, registry {})", config.host(), http.port(),
                    config.cluster().bootstrapServers(), config.cluster().registryUrl());
            return new IngestApp(publisher, batches, http);
        } catch (RuntimeException e) {
            publisher.close();
            if (batches != null) {
                batches.close();
            }
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        publisher.close();
        batches.close();
    }

    public static void main(String[] args) {
        IngestApp app = start(IngestConfig.from(Settings.fromSystem()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "ingest-shutdown"));
    }
}
