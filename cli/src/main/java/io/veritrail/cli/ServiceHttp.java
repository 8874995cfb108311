package io.veritrail.cli;

import io.veritrail.deploy.stack.StackSecrets;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.service.security.JwtMinter;
import io.veritrail.service.security.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one way commands ask a Veritrail service something over HTTP. Calls carry a bearer token: the one given
 * ({@code --token} or {@code VERITRAIL_TOKEN}, e.g. for a production stack), else a short-lived auditor token
 * signed with the local stack's secret ({@code $VERITRAIL_WORK_DIR/secrets}, default {@code .veritrail}); without
 * either, calls go without one (a stack started with {@code VERITRAIL_AUTH=off}).
 */
final class ServiceHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceHttp() {
    }

    /** @param token the bearer token to send, or null for the local stack's own */
    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        token = token == null || token.isBlank() ? localToken() : token.strip();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String localToken() {
        String workDir = System.getenv().getOrDefault("VERITRAIL_WORK_DIR", ".veritrail");
        Path secret = StackSecrets.hs256SecretFile(Path.of(workDir));
        if (!Files.exists(secret)) {
            return null;
        }
        // The commands only read (timelines, proofs, audits): an auditor token is all they need.
        return JwtMinter.hs256(JwtMinter.claims(StackSecrets.ISSUER, AuthSettings.DEFAULT_AUDIENCE, "veritrail-cli",
                List.of(Role.AUDITOR), List.of(), Instant.now(), Duration.ofMinutes(5)),
                AuthSettings.readSecret(secret.toString()));
    }

    /** The body of a 200 answer; any other status stops the command with what the service said. */
    static String getOk(String url, String token) throws Exception {
        HttpResponse<String> response = get(url, token);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
