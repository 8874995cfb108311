package io.veritrail.projector.query;

import io.veritrail.projector.apply.Entity;
import io.veritrail.service.security.Principal;
import io.veritrail.service.security.Role;

/**
 * Who may read which entity (pure): admins and auditors every one; a collector the entities it created; a reader
 * the entities of the tenants its token lists. A caller who may not read an entity is told it does not exist.
 */
final class ReadPolicy {
    private ReadPolicy() {
    }

    static boolean mayRead(Principal caller, Entity entity) {
        if (caller.readsEverything()) {
            return true;
        }
        if (caller.hasAny(Role.COLLECTOR) && caller.subject().equals(entity.createdBy())) {
            return true;
        }
        return caller.hasAny(Role.READER) && entity.tenant() != null && caller.tenants().contains(entity.tenant());
    }
}
