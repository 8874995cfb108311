package io.veritrail.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a compact JWS bearer token (RFC 7515/7519) with the JDK's crypto only: HS256 with a shared secret, RS256
 * and ES256 with public keys from a JWKS. The token must name the configured issuer and audience, carry an
 * expiry in the future and no not-before in the future (both with a small leeway for clock drift), and a
 * {@code roles} array. The algorithm comes from the key, never from the token alone: an HS256 token is only
 * accepted when a secret is configured, and "none" never.
 */
public final class JwtVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    private final String issuer;
    private final String audience;
    private final byte[] hmacSecret;
    private final JwksKeys publicKeys;
    private final Clock clock;

    /**
     * @param hmacSecret HS256 secret, or null when HS256 is not accepted
     * @param publicKeys RS256/ES256 keys by key id, or null when only HS256 is accepted
     */
    public JwtVerifier(String issuer, String audience, byte[] hmacSecret, JwksKeys publicKeys, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.hmacSecret = hmacSecret == null ? null : hmacSecret.clone();
        this.publicKeys = publicKeys;
        this.clock = clock;
    }

    public Principal verify(String token) throws AuthenticationException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AuthenticationException("the bearer token is not a JWT (three dot-separated parts)");
        }
        JsonNode header = json(parts[0], "header");
        JsonNode claims = json(parts[1], "claims");
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = decode(parts[2], "signature");
        String alg = header.path("alg").asText("");
        boolean valid = switch (alg) {
            case "HS256" -> hmacSecret != null && MessageDigest.isEqual(hmac(signed), signature);
            case "RS256" -> checkSignature("SHA256withRSA", key(header, "RSA"), signed, signature);
            case "ES256" -> checkSignature("SHA256withECDSAinP1363Format", key(header, "EC"), signed, signature);
            default -> throw new AuthenticationException("the token's algorithm " + alg + " is not accepted");
        };
        if (!valid) {
            throw new AuthenticationException("the token's signature does not verify");
        }
        return principal(claims);
    }

    private Principal principal(JsonNode claims) throws AuthenticationException {
        if (!issuer.equals(claims.path("iss").asText(null))) {
            throw new AuthenticationException("the token is not issued by " + issuer);
        }
        if (!audiences(claims.get("aud")).contains(audience)) {
            throw new AuthenticationException("the token is not meant for audience " + audience);
        }
        Instant now = clock.instant();
        if (!claims.path("exp").canConvertToLong()) {
            throw new AuthenticationException("the token has no expiry (exp)");
        }
        if (Instant.ofEpochSecond(claims.get("exp").asLong()).plus(LEEWAY).isBefore(now)) {
            throw new AuthenticationException("the token has expired");
        }
        if (claims.path("nbf").canConvertToLong()
                && Instant.ofEpochSecond(claims.get("nbf").asLong()).minus(LEEWAY).isAfter(now)) {
            throw new AuthenticationException("the token is not valid yet (nbf)");
        }
        String subject = claims.path("sub").asText("");
        if (subject.isBlank()) {
            throw new AuthenticationException("the token has no subject (sub)");
        }
        Set<Role> roles = new HashSet<>();
        for (JsonNode role : claims.path("roles")) {
            Role.parse(role.asText()).ifPresent(roles::add);
        }
        if (roles.isEmpty()) {
            throw new AuthenticationException("the token has no known role (roles: admin, collector, auditor, reader)");
        }
        Set<String> tenants = new HashSet<>();
        claims.path("tenants").forEach(t -> tenants.add(t.asText()));
        return new Principal(subject, roles, tenants);
    }

    private static Set<String> audiences(JsonNode aud) {
        Set<String> audiences = new HashSet<>();
        if (aud != null && aud.isTextual()) {
            audiences.add(aud.asText());
        } else if (aud != null) {
            aud.forEach(a -> audiences.add(a.asText()));
        }
        return audiences;
    }

    private PublicKey key(JsonNode header, String keyType) throws AuthenticationException {
        if (publicKeys == null) {
            throw new AuthenticationException("no public keys are configured for " + header.path("alg").asText());
        }
        Optional<PublicKey> key = publicKeys.find(header.path("kid").asText(null), keyType);
        if (key.isEmpty()) {
            throw new AuthenticationException("no " + keyType + " key with id " + header.path("kid").asText("(none)"));
        }
        return key.get();
    }

    private static boolean checkSignature(String algorithm, PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private byte[] hmac(byte[] signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
            return mac.doFinal(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static JsonNode json(String part, String what) throws AuthenticationException {
        try {
            JsonNode node = JSON.readTree(decode(part, what));
            if (node == null || !node.isObject()) {
                throw new AuthenticationException("the token's " + what + " is not a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new AuthenticationException("the token's " + what + " is not JSON");
        }
    }

    private static byte[] decode(String part, String what) throws AuthenticationException {
        try {
            return B64.decode(part);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("the token's " + what + " is not base64url");
        }
    }
}
