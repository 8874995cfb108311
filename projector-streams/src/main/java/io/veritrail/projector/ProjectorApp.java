package io.veritrail.projector;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.query.EntityQueryApi;
import io.veritrail.projector.query.SnapshotRequests;
import io.veritrail.projector.timetravel.AsOfFold;
import io.veritrail.projector.topology.ProjectorTopology;
import io.veritrail.schemas.avro.EntityChange;
import io.veritrail.schemas.avro.EntityState;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.serde.AvroSerde;
import io.veritrail.service.config.Settings;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.crypto.EntityKeyRing;
import io.veritrail.schemas.crypto.MasterKeys;
import java.time.Clock;
import io.veritrail.service.http.ApiDescription;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.metrics.ServiceMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The projector: the Kafka Streams app that folds the log into entity state, and its query API. Wiring only. */
public final class ProjectorApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProjectorApp.class);

    private final KafkaStreams streams;
    private final HttpService http;
    private final MeterRegistry metrics;

    private final SnapshotRequests snapshotRequests;

    private final EntityKeyRing keys;

    private ProjectorApp(KafkaStreams streams, HttpService http, MeterRegistry metrics, SnapshotRequests snapshotRequests,
                         EntityKeyRing keys) {
        this.keys = keys;
        this.snapshotRequests = snapshotRequests;
        this.streams = streams;
        this.http = http;
        this.metrics = metrics;
    }

    /** Without authentication: tests and the benchmark's own stack. */
    public static ProjectorApp start(ProjectorConfig config) {
        return start(config, AuthSettings.off(), null);
    }

    /** @param masters the master keys when event data is encrypted, or null */
    public static ProjectorApp start(ProjectorConfig config, AuthSettings auth, MasterKeys masters) {
        TopicPartitions.requireExisting(config.cluster().bootstrapServers(), List.of(Topics.EVENTS,
                Topics.PROJECTOR_COMMANDS, Topics.ENTITY_CHANGES, Topics.ENTITY_STATE, Topics.ENTITY_MEMBERSHIPS,
                Topics.ENTITY_KEYS, Topics.EVENTS_REJECTED));
        PrometheusMeterRegistry metrics = ServiceMetrics.create("projector");
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(config.cluster().registryUrl()));
        ApplierRegistry appliers = ApplierRegistry.discover(Thread.currentThread().getContextClassLoader());
        log.info("event appliers: {}; upcasters: {}", appliers.eventTypes(), appliers.upcasters().size());

        // HTTP first: its port is this instance's address in the Streams group, which forwards queries to it.
        AtomicReference<KafkaStreams> holder = new AtomicReference<>();
        SnapshotRequests snapshotRequests = new SnapshotRequests(config.cluster().bootstrapServers());
        EntityKeyRing keys = masters == null ? null
                : new EntityKeyRing(config.cluster().bootstrapServers(), masters, "veritrail-projector-keys");
        DataProtection protection = keys == null ? DataProtection.none() : DataProtection.with(keys);
        HostInfo[] self = new HostInfo[1];
        HttpService http = HttpService.start(config.host(), config.port(), HttpService.DEFAULT_MAX_REQUEST_BYTES,
                metrics, () -> health(holder.get()), auth.authenticator(Clock.systemUTC()), routes -> {
                    new EntityQueryApi(holder::get, () -> self[0], new AsOfFold(appliers), config.snapshotEvery(),
                            snapshotRequests, metrics).routes(routes);
                    ApiDescription.serve(routes, "openapi/projector.yaml");
                });
        self[0] = new HostInfo(config.advertisedHost(), http.port());
        try {
            KafkaStreams streams = new KafkaStreams(
                    ProjectorTopology.build(new ProjectorTopology.TopologySerdes(new AvroSerde<>(registry, EventEnvelope.class),
                            new AvroSerde<>(registry, EntityChange.class), new AvroSerde<>(registry, EntityState.class)),
                            appliers, config.snapshotEvery(), metrics, protection),
                    streamsProperties(config, self[0]));
            new KafkaStreamsMetrics(streams).bindTo(metrics);
            streams.setStateListener((now, before) -> log.info("projector state {} -> {}", before, now));
            holder.set(streams);
            streams.start();
            log.info("projector ready on http://{}:{} (state in {}, entity data {})", config.host(), http.port(),
                    config.stateDir(), keys == null ? "NOT ENCRYPTED" : "sealed per entity");
            return new ProjectorApp(streams, http, metrics, snapshotRequests, keys);
        } catch (RuntimeException e) {
            http.close();
            snapshotRequests.close();
            if (keys != null) {
                keys.close();
            }
            throw e;
        }
    }

    /** UP only while queries can be answered; a rebalance or restore reports DOWN with the state as detail. */
    private static HealthCheck.Health health(KafkaStreams streams) {
        if (streams == null) {
            return HealthCheck.Health.down("starting");
        }
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? HealthCheck.Health.up(state.name())
                : HealthCheck.Health.down(state.name());
    }

    static Properties streamsProperties(ProjectorConfig config, HostInfo self) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        // A secured cluster's client settings first; Streams passes them to all its clients.
        props.putAll(KafkaClients.config(config.cluster().bootstrapServers()));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A record that is not a readable envelope is logged and skipped rather than stopping every partition.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Events this instance has folded (applied, refused or dropped as duplicates): its progress through the log. */
    public long eventsFolded() {
        return Math.round(metrics.find("veritrail.projector.events").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum());
    }

    /** This instance's meters, as {@code GET /metrics} shows them. */
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
        snapshotRequests.close();
        // Leaving the group lets a restarted projector take its partitions at once instead of after the session
        // timeout of the member it replaces.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        if (keys != null) {
            keys.close();
        }
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystem();
        ProjectorApp app = start(ProjectorConfig.from(settings), AuthSettings.from(settings),
                MasterKeys.configured(settings::find).orElse(null));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "projector-shutdown"));
    }
}
