package io.veritrail.ingest.schema;

import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data schemas of event types, read from the schema registry. A type is known when its subject exists, so a
 * new type is added by registering its schema, without a release of Veritrail. A registered version never changes,
 * so it is cached for good; a type or version the registry does not have is asked again after
 * {@code unknownRecheck}, so a schema registered a moment ago is picked up quickly without asking the registry on
 * every bad request.
 */
public final class DataSchemas {
    private final SchemaRegistryClient registry;
    private final Duration unknownRecheck;
    private final Clock clock;
    private final Map<String, CompiledSchema> known = new ConcurrentHashMap<>();
    private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();

    /** The outcome of a lookup. */
    public sealed interface Lookup {
        record Found(CompiledSchema schema) implements Lookup {
        }

        record UnknownType() implements Lookup {
        }

        record UnknownVersion() implements Lookup {
        }
    }

    public DataSchemas(SchemaRegistryClient registry, Duration unknownRecheck, Clock clock) {
        this.registry = registry;
        this.unknownRecheck = unknownRecheck;
        this.clock = clock;
    }

    /** @throws RegistryException when the registry cannot be asked (a 503 for the client, not a 400) */
    public Lookup find(String type, int version) {
        Optional<CompiledSchema> schema = schemaOf(type, version);
        if (schema.isPresent()) {
            return new Lookup.Found(schema.get());
        }
        return version != 1 && schemaOf(type, 1).isPresent() ? new Lookup.UnknownVersion() : new Lookup.UnknownType();
    }

    private Optional<CompiledSchema> schemaOf(String type, int version) {
        String key = type + "#" + version;
        CompiledSchema cached = known.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Instant until = unknownUntil.get(key);
        if (until != null && clock.instant().isBefore(until)) {
            return Optional.empty();
        }
        Optional<String> text = registry.schemaText(DataSubjects.subjectOf(type), version);
        if (text.isEmpty()) {
            if (unknownUntil.size() > 10_000) {
                unknownUntil.clear(); // a flood of made-up types must not grow memory without bound
            }
            unknownUntil.put(key, clock.instant().plus(unknownRecheck));
            return Optional.empty();
        }
        CompiledSchema schema = CompiledSchema.parse(text.get());
        known.put(key, schema);
        unknownUntil.remove(key);
        return Optional.of(schema);
    }
}
