package io.veritrail.projector.apply;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entity and event data are JSON values held as plain Java objects. Freezing copies them into unmodifiable
 * collections, so that an applier cannot change an entity it was handed and a stored state cannot change behind
 * a reader's back. JSON null stays allowed inside, hence no {@code Map.copyOf}.
 */
final class JsonValues {
    private JsonValues() {
    }

    static Map<String, Object> freeze(Map<String, Object> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, freezeValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(list.stream().map(JsonValues::freezeValue).toList());
        }
        return value;
    }
}
