package io.veritrail.service.security;

import java.util.Optional;

/**
 * Turns a request's credentials into a {@link Principal}: {@code Authorization: Bearer <JWT>} or
 * {@code X-Api-Key: <key>}. Knows nothing of HTTP frameworks; {@link io.veritrail.service.http.HttpService} calls it
 * before every route but {@code /health} (and {@code /metrics} when that is open).
 */
public final class Authenticator {
    private final JwtVerifier jwt;
    private final ApiKeys apiKeys;
    private final boolean metricsOpen;

    public Authenticator(JwtVerifier jwt, ApiKeys apiKeys, boolean metricsOpen) {
        this.jwt = jwt;
        this.apiKeys = apiKeys;
        this.metricsOpen = metricsOpen;
    }

    /** Everyone is an admin: for tests and a local stack run with {@code VERITRAIL_AUTH=off}. */
    public static Authenticator off() {
        return new Authenticator(null, ApiKeys.none(), true);
    }

    public boolean enabled() {
        return jwt != null;
    }

    public boolean isOpen(String path) {
        return !enabled() || "/health".equals(path) || (metricsOpen && "/metrics".equals(path));
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param apiKey        the {@code X-Api-Key} header, or null
     */
    public Principal authenticate(String authorization, String apiKey) throws AuthenticationException {
        if (!enabled()) {
            return Principal.UNAUTHENTICATED_ADMIN;
        }
        if (apiKey != null && !apiKey.isBlank()) {
            Optional<Principal> principal = apiKeys.find(apiKey.strip());
            if (principal.isEmpty()) {
                throw new AuthenticationException("the API key is not known");
            }
            return principal.get();
        }
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationException("credentials are required: Authorization: Bearer <token> or X-Api-Key");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException("the Authorization header must be 'Bearer <token>'");
        }
        return jwt.verify(authorization.substring(7).strip());
    }
}
