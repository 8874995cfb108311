package io.veritrail.service.security;

import io.veritrail.service.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * How every service authenticates, read from the same settings (so one environment configures all three):
 * {@code VERITRAIL_AUTH_ISSUER}, {@code VERITRAIL_AUTH_AUDIENCE} (default {@code veritrail}),
 * {@code VERITRAIL_AUTH_HS256_SECRET_FILE} (a file holding a base64 secret of at least 32 bytes) and/or
 * {@code VERITRAIL_AUTH_JWKS} (file or URL), {@code VERITRAIL_AUTH_API_KEYS_FILE}, and
 * {@code VERITRAIL_AUTH_METRICS_OPEN} (default true: Prometheus scrapes without a token). Authentication is on as
 * soon as an issuer is set; {@code VERITRAIL_AUTH=off} says it is off on purpose, and nothing else starts a
 * service without it.
 */
public record AuthSettings(boolean enabled, String issuer, String audience, byte[] hs256Secret, String jwks,
                           Path apiKeysFile, boolean metricsOpen) {
    public static final String DEFAULT_AUDIENCE = "veritrail";

    public static AuthSettings off() {
        return new AuthSettings(false, null, null, null, null, null, true);
    }

    public static AuthSettings from(Settings settings) {
        if ("off".equals(settings.get("auth", ""))) {
            return off();
        }
        Optional<String> issuer = settings.find("auth.issuer");
        if (issuer.isEmpty()) {
            throw new IllegalStateException("authentication is not configured: set VERITRAIL_AUTH_ISSUER and a key "
                    + "(VERITRAIL_AUTH_HS256_SECRET_FILE or VERITRAIL_AUTH_JWKS), or VERITRAIL_AUTH=off to run without it");
        }
        byte[] secret = settings.find("auth.hs256-secret-file").map(AuthSettings::readSecret).orElse(null);
        String jwks = settings.find("auth.jwks").orElse(null);
        if (secret == null && jwks == null) {
            throw new IllegalStateException("VERITRAIL_AUTH_ISSUER is set but no key: set "
                    + "VERITRAIL_AUTH_HS256_SECRET_FILE or VERITRAIL_AUTH_JWKS");
        }
        return new AuthSettings(true, issuer.get(), settings.get("auth.audience", DEFAULT_AUDIENCE), secret, jwks,
                settings.find("auth.api-keys-file").map(Path::of).orElse(null),
                Boolean.parseBoolean(settings.get("auth.metrics-open", "true")));
    }

    /** Settings for a stack or test that signs its own HS256 tokens. */
    public static AuthSettings hs256(String issuer, byte[] secret) {
        return new AuthSettings(true, issuer, DEFAULT_AUDIENCE, secret, null, null, true);
    }

    public static byte[] readSecret(String file) {
        try {
            byte[] secret = Base64.getDecoder().decode(Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip());
            if (secret.length < 32) {
                throw new IllegalStateException(file + ": an HS256 secret needs at least 32 bytes (256 bits)");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the HS256 secret from " + file + ": " + e.getMessage(), e);
        }
    }

    public Authenticator authenticator(Clock clock) {
        if (!enabled) {
            return Authenticator.off();
        }
        return new Authenticator(new JwtVerifier(issuer, audience, hs256Secret,
                jwks == null ? null : JwksKeys.from(jwks, clock), clock),
                apiKeysFile == null ? ApiKeys.none() : ApiKeys.fromFile(apiKeysFile), metricsOpen);
    }
}
