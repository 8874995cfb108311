package io.veritrail.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veritrail.ingest.sync.EventPager;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.service.http.HealthCheck;
import io.veritrail.service.http.HttpService;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Sync with a Kafka that does not answer: a real client against a port where nothing listens. */
class SyncApiTest {
    @Test
    void aLogThatDoesNotAnswerIsA503WithWhenToRetryNotA500() throws Exception {
        int silent;
        try (ServerSocket socket = new ServerSocket(0)) {
            silent = socket.getLocalPort();
        }
        SyncApi sync = new SyncApi(new EventPager("127.0.0.1:" + silent,
                new SchemaRegistryClient(RegistryConfig.of("http://127.0.0.1:" + silent)), DataProtection.none()));
        try (HttpService http = HttpService.start("127.0.0.1", 0, HttpService.DEFAULT_MAX_REQUEST_BYTES,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> HealthCheck.Health.up("test"),
                sync::routes)) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/v1/events?limit=5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(answer.body()).contains("log-unavailable").contains("retry with the same cursor");
        }
    }
}
