package io.veritrail.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys of a JWKS document (RFC 7517), RSA and EC P-256, by key id. From a file, read once, or from a
 * URL, fetched at start and again (at most once a minute) when a token names a key id not seen yet, so an
 * identity provider can rotate keys without a restart.
 */
public final class JwksKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final String location;
    private final Clock clock;
    private volatile Map<String, PublicKey> byId;
    private volatile Instant fetchedAt;

    private JwksKeys(String location, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.byId = load(location);
        this.fetchedAt = clock.instant();
    }

    /** @param location a file path or an http(s) URL of a JWKS document */
    public static JwksKeys from(String location, Clock clock) {
        return new JwksKeys(location, clock);
    }

    Optional<PublicKey> find(String kid, String keyType) {
        PublicKey key = lookup(kid);
        if (key == null && location.startsWith("http")
                && clock.instant().isAfter(fetchedAt.plus(REFETCH_AT_MOST_EVERY))) {
            byId = load(location);
            fetchedAt = clock.instant();
            key = lookup(kid);
        }
        return Optional.ofNullable(key).filter(k -> k.getAlgorithm().equals(keyType));
    }

    private PublicKey lookup(String kid) {
        Map<String, PublicKey> keys = byId;
        if (kid == null) {
            // A token without a key id is fine when there is exactly one key to try.
            return keys.size() == 1 ? keys.values().iterator().next() : null;
        }
        return keys.get(kid);
    }

    private static Map<String, PublicKey> load(String location) {
        try {
            String text = location.startsWith("http")
                    ? HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body()
                    : Files.readString(Path.of(location));
            return parse(JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the JWKS at " + location + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + location, e);
        }
    }

    static Map<String, PublicKey> parse(JsonNode jwks) {
        Map<String, PublicKey> keys = new HashMap<>();
        int index = 0;
        for (JsonNode jwk : jwks.path("keys")) {
            String kid = jwk.path("kid").asText("key-" + index++);
            try {
                switch (jwk.path("kty").asText()) {
                    case "RSA" -> keys.put(kid, KeyFactory.getInstance("RSA").generatePublic(
                            new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e"))));
                    case "EC" -> {
                        if (!"P-256".equals(jwk.path("crv").asText())) {
                            continue;
                        }
                        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                        parameters.init(new ECGenParameterSpec("secp256r1"));
                        keys.put(kid, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                                new ECPoint(number(jwk, "x"), number(jwk, "y")),
                                parameters.getParameterSpec(ECParameterSpec.class))));
                    }
                    default -> {
                        // other key types (oct, OKP) are not used for these algorithms
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JWKS key " + kid + " is not a valid public key: " + e.getMessage(), e);
            }
        }
        return Map.copyOf(keys);
    }

    private static BigInteger number(JsonNode jwk, String field) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path(field).asText()));
    }
}
