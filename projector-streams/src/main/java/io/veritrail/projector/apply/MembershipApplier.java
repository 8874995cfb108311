package io.veritrail.projector.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code add-member} and {@code remove-member} on a group, with {@code {"memberGuid": "<entity id>"}}. The rules
 * checked here are the group's own: it exists, is a group, is not deleted; a member is added once and removed only
 * if present; a group is not its own member. Whether the member entity exists lives in another partition, so it
 * cannot be decided here deterministically (a replay could see the two partitions interleave differently); see
 * the README's note on cross-entity rules.
 */
public final class MembershipApplier implements EventApplier {
    private final boolean add;

    private MembershipApplier(boolean add) {
        this.add = add;
    }

    public static MembershipApplier addMember() {
        return new MembershipApplier(true);
    }

    public static MembershipApplier removeMember() {
        return new MembershipApplier(false);
    }

    @Override
    public String eventType() {
        return add ? "add-member" : "remove-member";
    }

    @Override
    public Entity apply(Entity current, Event event) {
        if (current == null || current.deleted()) {
            throw new RejectedEventException("no group " + event.entityGuid());
        }
        if (!"group".equals(current.type())) {
            throw new RejectedEventException(event.entityGuid() + " is a " + current.type() + ", not a group");
        }
        if (!(event.data().get("memberGuid") instanceof String member) || member.isBlank()) {
            throw new RejectedEventException("data.memberGuid must name the member entity");
        }
        if (member.equals(current.id())) {
            throw new RejectedEventException("a group cannot be its own member");
        }
        List<String> members = new ArrayList<>(current.members());
        if (add) {
            if (members.contains(member)) {
                throw new RejectedEventException(member + " is a member of " + current.id() + " already");
            }
            members.add(member);
        } else if (!members.remove(member)) {
            throw new RejectedEventException(member + " is not a member of " + current.id());
        }
        return current.withMembers(event, members);
    }
}
