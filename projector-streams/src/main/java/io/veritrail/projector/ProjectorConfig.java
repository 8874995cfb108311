package io.veritrail.projector;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import java.nio.file.Path;

/** Everything the projector is told at start. */
public record ProjectorConfig(ClusterSettings cluster, String host, int port, Path stateDir, String applicationId) {
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_APPLICATION_ID = "veritrail-projector";

    public static ProjectorConfig from(Settings settings) {
        return new ProjectorConfig(ClusterSettings.from(settings),
                settings.get("projector.host", "127.0.0.1"),
                settings.getInt("projector.port", DEFAULT_PORT),
                Path.of(settings.get("projector.state-dir", ".veritrail/data/projector")),
                settings.get("projector.application-id", DEFAULT_APPLICATION_ID));
    }
}
