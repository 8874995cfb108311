package io.veritrail.ingest;

import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.config.Settings;
import io.veritrail.service.http.HttpService;

/** Everything the ingest service is told at start. */
public record IngestConfig(ClusterSettings cluster, String host, int port, long maxRequestBytes) {
    public static final int DEFAULT_PORT = 8080;

    public static IngestConfig from(Settings settings) {
        return new IngestConfig(ClusterSettings.from(settings),
                settings.get("ingest.host", "127.0.0.1"),
                settings.getInt("ingest.port", DEFAULT_PORT),
                settings.getInt("ingest.max-request-bytes", (int) HttpService.DEFAULT_MAX_REQUEST_BYTES));
    }
}
