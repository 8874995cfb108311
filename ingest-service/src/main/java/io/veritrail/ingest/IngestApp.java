package io.veritrail.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.ingest.api.EventsApi;
import io.veritrail.ingest.api.SyncApi;
import io.veritrail.ingest.dedupe.GuidIndex;
import io.veritrail.ingest.dedupe.GuidIndexFollower;
import io.veritrail.ingest.inbox.InboxDecoder;
import io.veritrail.ingest.inbox.InboxGate;
import io.veritrail.ingest.publish.LogWriter;
import io.veritrail.ingest.reference.MemberExists;
import io.veritrail.ingest.reference.ProjectorLookup;
import io.veritrail.ingest.schema.DataSchemas;
import io.veritrail.ingest.schema.SchemaPack;
import io.veritrail.ingest.sync.EventPager;
import io.veritrail.ingest.validate.EnvelopeValidator;
import io.veritrail.ingest.validate.EventChecks;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.crypto.EntityKeyRing;
import io.veritrail.schemas.crypto.MasterKeys;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroDeserializer;
import io.veritrail.service.config.Settings;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.service.files.Folders;
import io.veritrail.service.http.ApiDescription;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.metrics.ServiceMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest service: wiring only. */
public final class IngestApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestApp.class);

    /** What to close, newest first. */
    private final Deque<AutoCloseable> parts;
    private final HttpService http;
    private final Path temporaryState;

    private IngestApp(Deque<AutoCloseable> parts, HttpService http, Path temporaryState) {
        this.parts = parts;
        this.http = http;
        this.temporaryState = temporaryState;
    }

    /** Without authentication: tests and the benchmark's own stack. */
    public static IngestApp start(IngestConfig config) {
        return start(config, AuthSettings.off(), null);
    }

    /** @param masters the master keys when event data is to be encrypted, or null */
    public static IngestApp start(IngestConfig config, AuthSettings auth, MasterKeys masters) {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        Path temporary = null;
        try {
            PrometheusMeterRegistry metrics = ServiceMetrics.create("ingest");
            String bootstrap = config.cluster().bootstrapServers();
            SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(config.cluster().registryUrl()));
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            SchemaPack.register(SchemaPack.onClasspath(loader), registry, loader);

            Path stateDir = config.stateDir();
            if (stateDir == null) {
                temporary = Files.createTempDirectory("veritrail-ingest-");
                stateDir = temporary;
            }
            GuidIndex index = push(parts, new GuidIndex(stateDir.resolve("guid-index"), metrics));
            GuidIndexFollower follower = push(parts, new GuidIndexFollower(bootstrap, index));
            EntityKeyRing keys = masters == null ? null
                    : push(parts, new EntityKeyRing(bootstrap, masters, "veritrail-ingest-keys"));
            LogWriter writer = push(parts, new LogWriter(bootstrap, registry, Clock.systemUTC(), config.writerId(),
                    index, follower, keys, config.maxEventsPerTransaction(), metrics));
            EventChecks checks = new EventChecks(new EnvelopeValidator(Clock.systemUTC(), config.maxFutureSkew()),
                    new DataSchemas(registry, config.unknownTypeRecheck(), Clock.systemUTC()),
                    new MemberExists(new ProjectorLookup(config.projectorUrl())));
            if (config.inbox()) {
                push(parts, new InboxGate(bootstrap, new InboxDecoder(new AvroDeserializer<>(registry, EventEnvelope.class)),
                        checks, writer, config.writeTimeout(), metrics));
            }
            EventsApi events = new EventsApi(checks, writer, config, metrics);
            SyncApi sync = new SyncApi(new EventPager(bootstrap, registry,
                    keys == null ? DataProtection.none() : DataProtection.with(keys)));
            HttpService http = HttpService.start(config.host(), config.port(),
                    Math.max(config.maxEventBytes(), config.maxBatchBytes()), metrics,
                    () -> health(follower), auth.authenticator(Clock.systemUTC()), routes -> {
                        events.routes(routes);
                        sync.routes(routes);
                        ApiDescription.serve(routes, "openapi/ingest.yaml");
                    });
            log.info("ingest ready on http://{}:{} (Kafka {}, registry {}, guid index in {}, inbox {}, event data {})",
                    config.host(), http.port(), bootstrap, config.cluster().registryUrl(), stateDir,
                    config.inbox() ? "on" : "off", keys == null ? "NOT ENCRYPTED" : "encrypted (AES-256-GCM per entity)");
            return new IngestApp(parts, http, temporary);
        } catch (IOException | RuntimeException e) {
            closeAll(parts);
            deleteQuietly(temporary);
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Down when writes can only be refused: a load balancer then sends them to another instance. */
    private static HealthCheck.Health health(GuidIndexFollower follower) {
        return follower.failure()
                .map(e -> HealthCheck.Health.down("the guid index stopped following the events log, so writes are "
                        + "refused until a restart: " + e))
                .orElse(HealthCheck.Health.up("accepting events"));
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> parts, T part) {
        parts.push(part);
        return part;
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
        closeAll(parts);
        deleteQuietly(temporaryState);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        AutoCloseable part;
        while ((part = parts.poll()) != null) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder != null) {
            try {
                Folders.deleteRecursively(folder);
            } catch (IOException | RuntimeException e) {
                log.debug("could not delete {}: {}", folder, e.toString());
            }
        }
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystem();
        IngestApp app = start(IngestConfig.from(settings), AuthSettings.from(settings),
                MasterKeys.configured(settings::find).orElse(null));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "ingest-shutdown"));
    }
}
