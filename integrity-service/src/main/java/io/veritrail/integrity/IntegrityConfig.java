package io.veritrail.integrity;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;

/** Everything the integrity service is told at start. */
public record IntegrityConfig(ClusterSettings cluster, String host, int port) {
    public static final int DEFAULT_PORT = 8091;

    public static IntegrityConfig from(Settings settings) {
        return new IntegrityConfig(ClusterSettings.from(settings),
                settings.get("integrity.host", "127.0.0.1"),
                settings.getInt("integrity.port", DEFAULT_PORT));
    }
}
