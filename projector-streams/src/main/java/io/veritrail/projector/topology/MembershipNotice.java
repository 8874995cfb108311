package io.veritrail.projector.topology;

/**
 * What a group tells a member's partition: it joined or left the group. Text {@code join:<group>} or
 * {@code leave:<group>} on {@code entity-memberships}, keyed by the member.
 */
record MembershipNotice(boolean joined, String group) {
    String text() {
        return (joined ? "join:" : "leave:") + group;
    }

    static MembershipNotice parse(String text) {
        int colon = text.indexOf(':');
        return new MembershipNotice(text.startsWith("join:"), text.substring(colon + 1));
    }
}
