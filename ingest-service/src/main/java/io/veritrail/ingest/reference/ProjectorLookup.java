package io.veritrail.ingest.reference;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Asks the projector's query API whether an entity exists: 200 yes, 404 no, anything else unknown. */
public final class ProjectorLookup implements EntityLookup {
    private final String projectorUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ProjectorLookup(String projectorUrl) {
        this.projectorUrl = projectorUrl.endsWith("/") ? projectorUrl.substring(0, projectorUrl.length() - 1) : projectorUrl;
    }

    @Override
    public boolean exists(String entityId) {
        URI uri = URI.create(projectorUrl + "/v1/entities/" + URLEncoder.encode(entityId, StandardCharsets.UTF_8));
        try {
            int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200 || status == 404) {
                return status == 200;
            }
            throw new UnavailableException("the projector answered " + status + " for " + entityId, null);
        } catch (IOException e) {
            throw new UnavailableException("the projector at " + projectorUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", e);
        }
    }
}
