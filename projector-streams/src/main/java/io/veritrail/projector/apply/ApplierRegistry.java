package io.veritrail.projector.apply;

import io.veritrail.projector.upcast.UpcasterChain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Which applier folds which event type: the built-in ones plus every {@link EventApplier} found on the classpath
 * through {@link ServiceLoader}. Two appliers for one type is a configuration error, reported at start. Events
 * pass through the {@link UpcasterChain} first, so appliers only see the newest version of their type's data.
 */
public final class ApplierRegistry {
    private final Map<String, EventApplier> byType;
    private final UpcasterChain upcasters;

    public ApplierRegistry(Collection<EventApplier> appliers) {
        this(appliers, UpcasterChain.none());
    }

    public ApplierRegistry(Collection<EventApplier> appliers, UpcasterChain upcasters) {
        this.upcasters = upcasters;
        Map<String, EventApplier> map = new TreeMap<>();
        for (EventApplier applier : appliers) {
            EventApplier previous = map.putIfAbsent(applier.eventType(), applier);
            if (previous != null) {
                throw new IllegalStateException("two appliers for event type " + applier.eventType() + ": "
                        + previous.getClass().getName() + " and " + applier.getClass().getName());
            }
        }
        this.byType = Map.copyOf(map);
    }

    public static List<EventApplier> builtIns() {
        return List.of(new CreateEntityApplier("individual"), new UpdateEntityApplier("individual"),
                new CreateEntityApplier("group"), new UpdateEntityApplier("group"), new DeleteEntityApplier(),
                MembershipApplier.addMember(), MembershipApplier.removeMember());
    }

    /** Built-ins plus the appliers the class loader's jars declare. */
    public static ApplierRegistry discover(ClassLoader loader) {
        List<EventApplier> all = new ArrayList<>(builtIns());
        ServiceLoader.load(EventApplier.class, loader).forEach(all::add);
        return new ApplierRegistry(all, UpcasterChain.discover(loader));
    }

    public UpcasterChain upcasters() {
        return upcasters;
    }

    public java.util.Set<String> eventTypes() {
        return byType.keySet();
    }

    /** Folds one event into the entity (null when none exists yet). Never throws for a bad event or applier. */
    public Outcome fold(Entity current, Event read) {
        Event event;
        try {
            event = upcasters.upcast(read);
        } catch (RejectedEventException e) {
            return new Outcome.Rejected("cannot upcast " + read.type() + " v" + read.schemaVersion() + ": "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("upcaster for " + read.type() + " v" + read.schemaVersion() + " failed: " + e);
        }
        EventApplier applier = byType.get(event.type());
        if (applier == null) {
            return new Outcome.Rejected("no applier for event type " + event.type());
        }
        try {
            Entity next = applier.apply(current, event);
            if (next == null) {
                return new Outcome.Rejected("applier for " + event.type() + " returned no entity");
            }
            if (!next.id().equals(event.entityGuid())) {
                return new Outcome.Rejected("applier for " + event.type() + " returned entity " + next.id()
                        + " for an event of " + event.entityGuid());
            }
            return new Outcome.Applied(next);
        } catch (RejectedEventException e) {
            return new Outcome.Rejected(e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("applier for " + event.type() + " failed: " + e);
        }
    }
}
