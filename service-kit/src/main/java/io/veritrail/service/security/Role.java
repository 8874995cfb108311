package io.veritrail.service.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. {@code admin}: everything. {@code collector}: write events, read the events and entities it
 * wrote. {@code auditor}: read everything, proofs and audits; never write. {@code reader}: read the entities of the
 * tenants (programs) its token lists.
 */
public enum Role {
    ADMIN, COLLECTOR, AUDITOR, READER;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.claim().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
