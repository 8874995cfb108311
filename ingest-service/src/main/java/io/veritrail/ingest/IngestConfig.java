package io.veritrail.ingest;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.util.UUID;

/**
 * Everything the ingest service is told at start. {@code instanceId} names this instance's transactional
 * producers; keep it stable across restarts of one instance and distinct between instances. {@code projectorUrl}
 * is asked whether the member of an {@code add-member} exists.
 */
public record IngestConfig(ClusterSettings cluster, String host, int port, long maxEventBytes, long maxBatchBytes,
                           int maxBatchItems, int batchProducers, String instanceId, String projectorUrl) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_ITEMS = 1000;

    public static IngestConfig from(Settings settings) {
        return new IngestConfig(ClusterSettings.from(settings),
                settings.get("ingest.host", "127.0.0.1"),
                settings.getInt("ingest.port", DEFAULT_PORT),
                settings.getInt("ingest.max-event-bytes", DEFAULT_MAX_EVENT_BYTES),
                settings.getInt("ingest.max-batch-bytes", DEFAULT_MAX_BATCH_BYTES),
                settings.getInt("ingest.max-batch-items", DEFAULT_MAX_BATCH_ITEMS),
                settings.getInt("ingest.batch-producers", 2),
                settings.get("ingest.instance-id", "ingest-" + settings.getInt("ingest.port", DEFAULT_PORT)),
                settings.get("ingest.projector-url", "http://127.0.0.1:8090"));
    }

    /** Defaults for an instance on the given cluster and port; tests and benchmarks start from here. */
    public static IngestConfig defaults(ClusterSettings cluster, int port) {
        return new IngestConfig(cluster, "127.0.0.1", port, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_MAX_BATCH_ITEMS, 2, "ingest-" + UUID.randomUUID(), "http://127.0.0.1:8090");
    }

    /** The same with the projector that answers whether a member exists. */
    public IngestConfig withProjector(String url) {
        return new IngestConfig(cluster, host, port, maxEventBytes, maxBatchBytes, maxBatchItems, batchProducers,
                instanceId, url);
    }
}
