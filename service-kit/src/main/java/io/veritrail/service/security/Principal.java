package io.veritrail.service.security;

import java.util.Arrays;
import java.util.Set;

/**
 * Who made a request, as its token or API key says: the subject (a user or machine id, compared with the
 * {@code userId} of events it writes), its roles, and for readers the tenants whose entities it may read.
 */
public record Principal(String subject, Set<Role> roles, Set<String> tenants) {
    public Principal {
        roles = Set.copyOf(roles);
        tenants = Set.copyOf(tenants);
    }

    /** The caller when authentication is switched off (tests, a trusted local network): may do everything. */
    public static final Principal UNAUTHENTICATED_ADMIN = new Principal("anonymous", Set.of(Role.ADMIN), Set.of());

    public boolean hasAny(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    /** Admins and auditors see every entity and event. */
    public boolean readsEverything() {
        return hasAny(Role.ADMIN, Role.AUDITOR);
    }
}
