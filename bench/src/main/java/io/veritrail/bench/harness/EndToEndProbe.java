package io.veritrail.bench.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

/**
 * One event at a time: the clock starts when ingest answers 202 and stops when the projector serves the entity,
 * polled every half millisecond; the figure is how long a written event takes to become readable state.
 */
public final class EndToEndProbe {
    public static Latencies run(String ingestUrl, String projectorUrl, String runId, int samples) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Latencies latencies = new Latencies();
        for (int i = 0; i < samples; i++) {
            String entity = runId + "-e2e-" + i;
            String body = "{\"guid\":\"" + UUID.randomUUID() + "\",\"entityGuid\":\"" + entity
                    + "\",\"type\":\"create-individual\",\"data\":{\"i\":" + i + "},\"timestamp\":\"" + Instant.now()
                    + "\",\"userId\":\"bench\"}";
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("event not accepted: " + accepted.body());
            }
            long began = System.nanoTime();
            HttpRequest read = HttpRequest.newBuilder(URI.create(projectorUrl + "/v1/entities/" + entity)).build();
            long deadline = began + 30_000_000_000L;
            while (http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(entity + " not readable after 30 s");
                }
                Thread.sleep(0, 500_000);
            }
            latencies.record(System.nanoTime() - began);
        }
        return latencies;
    }
}
