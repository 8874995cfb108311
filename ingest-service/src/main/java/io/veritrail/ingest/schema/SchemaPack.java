package io.veritrail.ingest.schema;

import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data schemas shipped in jars: every {@code META-INF/veritrail/data-schemas.list} on the classpath lists lines
 * {@code <event type> <version> <resource path>}. Ingest registers them at start (a no-op for the ones the
 * registry has already), in version order, each subject with the {@link DataSubjects#COMPATIBILITY} rule. This is
 * how the built-in types and the example pack arrive; users add types straight in the registry.
 */
public final class SchemaPack {
    public static final String LIST = "META-INF/veritrail/data-schemas.list";
    private static final Logger log = LoggerFactory.getLogger(SchemaPack.class);

    /** One schema of the pack. */
    public record Entry(String type, int version, String resource) {
    }

    private SchemaPack() {
    }

    public static List<Entry> onClasspath(ClassLoader loader) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (URL list : Collections.list(loader.getResources(LIST))) {
                try (InputStream in = list.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String trimmed = line.strip();
                        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                            continue;
                        }
                        String[] parts = trimmed.split("\\s+");
                        if (parts.length != 3) {
                            throw new IllegalStateException(list + ": expected '<type> <version> <resource>', got: " + line);
                        }
                        entries.add(new Entry(parts[0], Integer.parseInt(parts[1]), parts[2]));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LIST + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(Entry::type).thenComparingInt(Entry::version));
        return entries;
    }

    /** Registers every entry; answers how many versions the registry now holds for the pack's types. */
    public static int register(List<Entry> entries, SchemaRegistryClient registry, ClassLoader loader) {
        for (Entry entry : entries) {
            String subject = DataSubjects.subjectOf(entry.type());
            if (entry.version() == 1) {
                registry.setCompatibility(subject, DataSubjects.COMPATIBILITY);
            }
            int version;
            try {
                version = registry.registerJsonSchema(subject, text(entry, loader));
            } catch (RegistryException e) {
                throw new IllegalStateException("cannot register the data schema of " + entry.type() + " v"
                        + entry.version() + ": " + e.getMessage(), e);
            }
            if (version != entry.version()) {
                log.error("the registry holds the data schema of {} v{} as version {}: events that say v{} are "
                        + "checked against another schema", entry.type(), entry.version(), version, entry.version());
            }
        }
        log.info("data schemas registered: {}", entries.stream().map(e -> e.type() + " v" + e.version()).toList());
        return entries.size();
    }

    private static String text(Entry entry, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(entry.resource())) {
            if (in == null) {
                throw new IllegalStateException("data schema resource not found: " + entry.resource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + entry.resource(), e);
        }
    }
}
