package io.veritrail.projector;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.nio.file.Path;

/**
 * Everything the projector is told at start. {@code advertisedHost} is how the other instances reach this one's
 * HTTP port to forward queries; {@code standbyReplicas} keeps warm copies of stores on other instances.
 */
public record ProjectorConfig(ClusterSettings cluster, String host, int port, Path stateDir, String applicationId,
                              String advertisedHost, int standbyReplicas) {
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_APPLICATION_ID = "veritrail-projector";

    public static ProjectorConfig from(Settings settings) {
        String host = settings.get("projector.host", "127.0.0.1");
        return new ProjectorConfig(ClusterSettings.from(settings), host,
                settings.getInt("projector.port", DEFAULT_PORT),
                Path.of(settings.get("projector.state-dir", ".veritrail/data/projector")),
                settings.get("projector.application-id", DEFAULT_APPLICATION_ID),
                settings.get("projector.advertised-host", host),
                settings.getInt("projector.standby-replicas", 0));
    }

    /** One instance on loopback: what tests and benchmarks start from. */
    public static ProjectorConfig local(ClusterSettings cluster, int port, Path stateDir, String applicationId) {
        return new ProjectorConfig(cluster, "127.0.0.1", port, stateDir, applicationId, "127.0.0.1", 0);
    }
}
