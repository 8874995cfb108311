package io.veritrail.service.security;

import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;

/**
 * Role checks for route handlers. A caller without the role gets 403 (it is known, it may not do this); a read
 * of a resource the caller may not see is answered like a missing one by the handler, so that a 403 never tells
 * whether the resource exists.
 */
public final class Access {
    private Access() {
    }

    public static void require(Principal principal, Role... anyOf) {
        if (!principal.hasAny(anyOf)) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                    "This needs one of the roles " + java.util.Arrays.stream(anyOf).map(Role::claim).toList()
                            + "; the caller has " + principal.roles().stream().map(Role::claim).sorted().toList() + "."));
        }
    }
}
