package io.veritrail.ingest;

import io.veritrail.ingest.validate.EnvelopeValidator;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the ingest service is told at start.
 *
 * @param writerId       the transactional id of the events writer; every ingest instance of one cluster must use
 *                       the same one, which is what makes guid dedupe safe across instances (see LogWriter)
 * @param stateDir       where the local guid index lives (a cache of the log; null: a fresh temporary folder)
 * @param projectorUrl   asked whether the member of an {@code add-member} exists
 * @param maxFutureSkew  how far past the ingest clock an event timestamp may be
 * @param unknownTypeRecheck how long "no schema for this type" is believed before the registry is asked again
 * @param writeTimeout   how long a request waits for the log to confirm its write before answering 503
 * @param inbox          whether this instance takes records from {@code events.inbox}
 */
public record IngestConfig(ClusterSettings cluster, String host, int port, long maxEventBytes, long maxBatchBytes,
                           int maxBatchItems, String writerId, Path stateDir, String projectorUrl,
                           Duration maxFutureSkew, Duration unknownTypeRecheck, Duration writeTimeout,
                           int maxEventsPerTransaction, boolean inbox) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_ITEMS = 1000;
    public static final String DEFAULT_WRITER_ID = "veritrail-ingest-writer";

    public static IngestConfig from(Settings settings) {
        String stateDir = settings.get("ingest.state-dir", "");
        return new IngestConfig(ClusterSettings.from(settings),
                settings.get("ingest.host", "127.0.0.1"),
                settings.getInt("ingest.port", DEFAULT_PORT),
                settings.getInt("ingest.max-event-bytes", DEFAULT_MAX_EVENT_BYTES),
                settings.getInt("ingest.max-batch-bytes", DEFAULT_MAX_BATCH_BYTES),
                settings.getInt("ingest.max-batch-items", DEFAULT_MAX_BATCH_ITEMS),
                settings.get("ingest.writer-id", DEFAULT_WRITER_ID),
                stateDir.isBlank() ? null : Path.of(stateDir),
                settings.get("ingest.projector-url", "http://127.0.0.1:8090"),
                Duration.ofSeconds(settings.getInt("ingest.max-future-skew-seconds",
                        (int) EnvelopeValidator.DEFAULT_MAX_FUTURE_SKEW.toSeconds())),
                Duration.ofMillis(settings.getInt("ingest.unknown-type-recheck-ms", 5000)),
                Duration.ofSeconds(settings.getInt("ingest.write-timeout-seconds", 30)),
                settings.getInt("ingest.max-events-per-transaction", 5000),
                Boolean.parseBoolean(settings.get("ingest.inbox", "true")));
    }

    /** Defaults for an instance on the given cluster and port; tests and benchmarks start from here. */
    public static IngestConfig defaults(ClusterSettings cluster, int port) {
        return new IngestConfig(cluster, "127.0.0.1", port, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_MAX_BATCH_ITEMS, DEFAULT_WRITER_ID, null, "http://127.0.0.1:8090",
                EnvelopeValidator.DEFAULT_MAX_FUTURE_SKEW, Duration.ofSeconds(5), Duration.ofSeconds(30), 5000, true);
    }

    /** The same with the projector that answers whether a member exists. */
    public IngestConfig withProjector(String url) {
        return new IngestConfig(cluster, host, port, maxEventBytes, maxBatchBytes, maxBatchItems, writerId, stateDir,
                url, maxFutureSkew, unknownTypeRecheck, writeTimeout, maxEventsPerTransaction, inbox);
    }

    /** The same with the guid index kept in this folder (a restart with the same folder resumes it). */
    public IngestConfig withStateDir(Path folder) {
        return new IngestConfig(cluster, host, port, maxEventBytes, maxBatchBytes, maxBatchItems, writerId, folder,
                projectorUrl, maxFutureSkew, unknownTypeRecheck, writeTimeout, maxEventsPerTransaction, inbox);
    }

    /** The same asking the registry again at once about types it did not know (tests register types on the fly). */
    public IngestConfig withUnknownTypeRecheck(Duration recheck) {
        return new IngestConfig(cluster, host, port, maxEventBytes, maxBatchBytes, maxBatchItems, writerId, stateDir,
                projectorUrl, maxFutureSkew, recheck, writeTimeout, maxEventsPerTransaction, inbox);
    }
}
