package io.veritrail.service.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs tokens the {@link JwtVerifier} accepts. The local stack uses it for {@code ./veritrail token} (HS256 with
 * the stack's secret); tests use it for RS256/ES256 too. Production tokens come from an identity provider.
 */
public final class JwtMinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtMinter() {
    }

    /** The claims Veritrail reads, valid from {@code now} for {@code ttl}. */
    public static ObjectNode claims(String issuer, String audience, String subject, Collection<Role> roles,
                                    Collection<String> tenants, Instant now, Duration ttl) {
        ObjectNode claims = JSON.createObjectNode().put("iss", issuer).put("aud", audience).put("sub", subject)
                .put("iat", now.getEpochSecond()).put("exp", now.plus(ttl).getEpochSecond());
        roles.forEach(role -> claims.withArray("roles").add(role.claim()));
        tenants.forEach(tenant -> claims.withArray("tenants").add(tenant));
        return claims;
    }

    public static String hs256(ObjectNode claims, byte[] secret) {
        String signingInput = signingInput("HS256", null, claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 or ES256 with a private key of the matching type. */
    public static String signed(String alg, String kid, ObjectNode claims, PrivateKey key) {
        String signingInput = signingInput(alg, kid, claims);
        try {
            Signature signer = Signature.getInstance(switch (alg) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                default -> throw new IllegalArgumentException("unsupported algorithm " + alg);
            });
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signingInput(String alg, String kid, ObjectNode claims) {
        ObjectNode header = JSON.createObjectNode().put("alg", alg).put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    }
}
