package io.veritrail.integrity;

import io.veritrail.integrity.checkpoint.CheckpointPolicy;
import io.veritrail.integrity.store.IntegrityStore;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the integrity service is told at start. {@code origin} names the log in checkpoints and the key
 * ({@code <origin>/<topic>/<partition>}); keep it stable, verifiers pin it. {@code guidSealEvery}: how many guids
 * gather in the store's sorted runs before they are sealed into its guid index.
 */
public record IntegrityConfig(ClusterSettings cluster, String host, int port, Path stateDir, String origin,
                              CheckpointPolicy checkpoints, Duration auditEvery, int guidSealEvery) {
    public static final int DEFAULT_PORT = 8091;
    public static final String DEFAULT_ORIGIN = "veritrail.local";

    public static IntegrityConfig from(Settings settings) {
        return new IntegrityConfig(ClusterSettings.from(settings),
                settings.get("integrity.host", "127.0.0.1"),
                settings.getInt("integrity.port", DEFAULT_PORT),
                Path.of(settings.get("integrity.state-dir", ".veritrail/data/integrity")),
                settings.get("integrity.origin", DEFAULT_ORIGIN),
                new CheckpointPolicy(
                        settings.getInt("integrity.checkpoint-every-records", CheckpointPolicy.DEFAULT_EVERY_RECORDS),
                        Duration.parse(settings.get("integrity.checkpoint-every",
                                CheckpointPolicy.DEFAULT_EVERY.toString()))),
                Duration.parse(settings.get("integrity.audit-every", "PT1H")),
                settings.getInt("integrity.guid-seal-every", IntegrityStore.DEFAULT_SEAL_AT));
    }

    public static IntegrityConfig defaults(ClusterSettings cluster, int port, Path stateDir) {
        return new IntegrityConfig(cluster, "127.0.0.1", port, stateDir, DEFAULT_ORIGIN,
                CheckpointPolicy.DEFAULT, Duration.ofHours(1), IntegrityStore.DEFAULT_SEAL_AT);
    }
}
