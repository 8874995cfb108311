package io.veritrail.projector.topology;

import java.util.Arrays;
import java.util.List;

/** A list of group ids as the pending-groups store keeps it: one id per line (ids hold no line breaks). */
final class GroupLists {
    private GroupLists() {
    }

    static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    static String join(List<String> groups) {
        return String.join("\n", groups);
    }
}
