package io.veritrail.bench.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Inclusion proofs requested one at a time over HTTP, for records spread over the log; a first pass warms up. */
public final class ProofProbe {
    public static Latencies run(String integrityUrl, List<long[]> locations) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Latencies latencies = new Latencies();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < locations.size(); i++) {
                long[] at = locations.get(i);
                HttpRequest request = HttpRequest.newBuilder(URI.create(integrityUrl + "/v1/proofs/inclusion?partition="
                        + at[0] + "&offset=" + at[1])).build();
                long began = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - began;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("proof of " + at[0] + "@" + at[1] + ": " + response.body());
                }
                if (round == 1) {
                    latencies.record(took);
                }
            }
        }
        return latencies;
    }
}
