package io.veritrail.projector.upcast;

import io.veritrail.projector.apply.Event;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every known upcaster, chained per event type: an event of version 1 goes through 1→2, 2→3, … until no upcaster
 * takes it further. Two upcasters for the same type and version is a configuration error, reported at start.
 */
public final class UpcasterChain {
    private final Map<String, Map<Integer, EventUpcaster>> byTypeAndVersion;

    public UpcasterChain(Collection<EventUpcaster> upcasters) {
        Map<String, Map<Integer, EventUpcaster>> map = new HashMap<>();
        for (EventUpcaster upcaster : upcasters) {
            if (upcaster.fromVersion() < 1) {
                throw new IllegalStateException(upcaster.getClass().getName() + " reads version "
                        + upcaster.fromVersion() + "; versions start at 1");
            }
            EventUpcaster previous = map.computeIfAbsent(upcaster.eventType(), t -> new HashMap<>())
                    .putIfAbsent(upcaster.fromVersion(), upcaster);
            if (previous != null) {
                throw new IllegalStateException("two upcasters for " + upcaster.eventType() + " v"
                        + upcaster.fromVersion() + ": " + previous.getClass().getName() + " and "
                        + upcaster.getClass().getName());
            }
        }
        this.byTypeAndVersion = Map.copyOf(map);
    }

    public static UpcasterChain none() {
        return new UpcasterChain(java.util.List.of());
    }

    public static UpcasterChain discover(ClassLoader loader) {
        java.util.List<EventUpcaster> all = new java.util.ArrayList<>();
        ServiceLoader.load(EventUpcaster.class, loader).forEach(all::add);
        return new UpcasterChain(all);
    }

    /** The event in the newest version its type's upcasters reach; the same event when none applies. */
    public Event upcast(Event event) {
        Map<Integer, EventUpcaster> steps = byTypeAndVersion.get(event.type());
        if (steps == null) {
            return event;
        }
        Event current = event;
        EventUpcaster step;
        while ((step = steps.get(current.schemaVersion())) != null) {
            current = new Event(current.guid(), current.entityGuid(), current.type(), step.upcast(current.data()),
                    current.timestamp(), current.userId(), current.syncLevel(), current.schemaVersion() + 1,
                    current.arrivalTime());
        }
        return current;
    }

    public int size() {
        return byTypeAndVersion.values().stream().mapToInt(Map::size).sum();
    }
}
