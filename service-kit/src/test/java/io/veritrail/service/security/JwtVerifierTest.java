package io.veritrail.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final JwtVerifier hs = new JwtVerifier("iss-1", "veritrail", SECRET, null, CLOCK);

    static ObjectNode claims(Role role, Duration ttl) {
        return JwtMinter.claims("iss-1", "veritrail", "user-1", List.of(role), List.of("program-a"), NOW, ttl);
    }

    @Test
    void aGoodHs256TokenGivesItsPrincipal() throws Exception {
        Principal principal = hs.verify(JwtMinter.hs256(claims(Role.READER, Duration.ofHours(1)), SECRET));
        assertThat(principal).isEqualTo(new Principal("user-1", Set.of(Role.READER), Set.of("program-a")));
    }

    @Test
    void expiredWrongIssuerWrongAudienceWrongSecretAndNoRolesAreRefused() {
        assertRefused(hs, JwtMinter.hs256(JwtMinter.claims("iss-1", "veritrail", "u", List.of(Role.ADMIN), List.of(),
                NOW.minus(Duration.ofHours(2)), Duration.ofHours(1)), SECRET), "expired");
        assertRefused(hs, JwtMinter.hs256(JwtMinter.claims("iss-2", "veritrail", "u", List.of(Role.ADMIN), List.of(),
                NOW, Duration.ofHours(1)), SECRET), "issued by");
        assertRefused(hs, JwtMinter.hs256(JwtMinter.claims("iss-1", "other", "u", List.of(Role.ADMIN), List.of(),
                NOW, Duration.ofHours(1)), SECRET), "audience");
        byte[] other = Arrays.copyOf(SECRET, SECRET.length);
        other[0] ^= 1;
        assertRefused(hs, JwtMinter.hs256(claims(Role.ADMIN, Duration.ofHours(1)), other), "signature");
        assertRefused(hs, JwtMinter.hs256(JwtMinter.claims("iss-1", "veritrail", "u", List.of(), List.of(), NOW,
                Duration.ofHours(1)), SECRET), "role");
    }

    @Test
    void algNoneAndTamperedClaimsAreRefused() {
        String good = JwtMinter.hs256(claims(Role.READER, Duration.ofHours(1)), SECRET);
        String[] parts = good.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + parts[1] + ".";
        assertRefused(hs, none, "algorithm none");
        ObjectNode admin = claims(Role.ADMIN, Duration.ofHours(1));
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(admin.toString().getBytes()) + "." + parts[2];
        assertRefused(hs, forged, "signature");
        assertRefused(hs, "not-a-token", "not a JWT");
    }

    @Test
    void rs256AndEs256VerifyWithKeysFromAJwks() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        ObjectMapper json = new ObjectMapper();
        ObjectNode jwks = json.createObjectNode();
        RSAPublicKey rsaPublic = (RSAPublicKey) rsa.getPublic();
        jwks.withArray("keys").addObject().put("kty", "RSA").put("kid", "r1")
                .put("n", b64(rsaPublic.getModulus())).put("e", b64(rsaPublic.getPublicExponent()));
        ECPublicKey ecPublic = (ECPublicKey) ec.getPublic();
        jwks.withArray("keys").addObject().put("kty", "EC").put("kid", "e1").put("crv", "P-256")
                .put("x", b64(ecPublic.getW().getAffineX())).put("y", b64(ecPublic.getW().getAffineY()));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jwks", ".json");
        java.nio.file.Files.writeString(file, jwks.toString());
        JwtVerifier verifier = new JwtVerifier("iss-1", "veritrail", null, JwksKeys.from(file.toString(), CLOCK), CLOCK);

        assertThat(verifier.verify(JwtMinter.signed("RS256", "r1", claims(Role.AUDITOR, Duration.ofMinutes(5)),
                rsa.getPrivate())).roles()).containsExactly(Role.AUDITOR);
        assertThat(verifier.verify(JwtMinter.signed("ES256", "e1", claims(Role.ADMIN, Duration.ofMinutes(5)),
                ec.getPrivate())).roles()).containsExactly(Role.ADMIN);
        // A key id that names the other key, and an HS256 token when no secret is configured, are refused.
        assertRefused(verifier, JwtMinter.signed("ES256", "r1", claims(Role.ADMIN, Duration.ofMinutes(5)),
                ec.getPrivate()), "no EC key");
        assertRefused(verifier, JwtMinter.hs256(claims(Role.ADMIN, Duration.ofMinutes(5)), SECRET), "signature");
    }

    @Test
    void apiKeysAreLookedUpByDigest() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("keys", ".txt");
        java.nio.file.Files.writeString(file, "# machine clients\n" + ApiKeys.digest("s3cret") + " gateway collector\n");
        Authenticator authenticator = new Authenticator(hs, ApiKeys.fromFile(file), true);
        assertThat(authenticator.authenticate(null, "s3cret").subject()).isEqualTo("gateway");
        assertThatThrownBy(() -> authenticator.authenticate(null, "guess")).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> authenticator.authenticate(null, null)).hasMessageContaining("credentials are required");
        assertThatThrownBy(() -> authenticator.authenticate("Basic abc", null)).hasMessageContaining("Bearer");
        assertThat(authenticator.isOpen("/health")).isTrue();
        assertThat(authenticator.isOpen("/v1/roots")).isFalse();
        assertThat(authenticator.isOpen("/metrics")).as("metrics open by default").isTrue();
        assertThat(new Authenticator(hs, ApiKeys.none(), false).isOpen("/metrics")).as("metrics closed on request")
                .isFalse();
    }

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void assertRefused(JwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(reason);
    }
}
