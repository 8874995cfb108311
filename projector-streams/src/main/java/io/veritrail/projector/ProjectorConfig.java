package io.veritrail.projector;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.nio.file.Path;

/**
 * Everything the projector is told at start. {@code advertisedHost} is how the other instances reach this one's
 * HTTP port to forward queries; {@code standbyReplicas} keeps warm copies of stores on other instances;
 * {@code snapshotEvery} is how many events of an entity separate two snapshots.
 */
public record ProjectorConfig(ClusterSettings cluster, String host, int port, Path stateDir, String applicationId,
                              String advertisedHost, int standbyReplicas, int snapshotEvery) {
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_APPLICATION_ID = "veritrail-projector";
    /** Events per entity between snapshots: time travel folds at most this many events after one. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 25;

    public static ProjectorConfig from(Settings settings) {
        String host = settings.get("projector.host", "127.0.0.1");
        return new ProjectorConfig(ClusterSettings.from(settings), host,
                settings.getInt("projector.port", DEFAULT_PORT),
                Path.of(settings.get("projector.state-dir", ".veritrail/data/projector")),
                settings.get("projector.application-id", DEFAULT_APPLICATION_ID),
                settings.get("projector.advertised-host", host),
                settings.getInt("projector.standby-replicas", 0),
                settings.getInt("projector.snapshot-every", DEFAULT_SNAPSHOT_EVERY));
    }

    /** One instance on loopback: what tests and benchmarks start from. */
    public static ProjectorConfig local(ClusterSettings cluster, int port, Path stateDir, String applicationId) {
        return new ProjectorConfig(cluster, "127.0.0.1", port, stateDir, applicationId, "127.0.0.1", 0,
                DEFAULT_SNAPSHOT_EVERY);
    }
}
