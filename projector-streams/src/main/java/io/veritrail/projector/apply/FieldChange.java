package io.veritrail.projector.apply;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One field an event changed: its value before (null when absent) and after (null when removed). */
public record FieldChange(String field, Object oldValue, Object newValue) {

    /** The top-level fields whose values differ between two versions of an entity's data, in a stable order. */
    public static List<FieldChange> between(Map<String, Object> before, Map<String, Object> after) {
        Set<String> fields = new LinkedHashSet<>(before.keySet());
        fields.addAll(after.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            Object old = before.get(field);
            Object now = after.get(field);
            if (!Objects.equals(old, now)) {
                changes.add(new FieldChange(field, old, now));
            }
        }
        return changes;
    }
}
