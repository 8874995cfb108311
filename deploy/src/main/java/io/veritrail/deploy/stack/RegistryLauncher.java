package io.veritrail.deploy.stack;

import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry with its Confluent-compatible API. Its schemas are kept in an H2 file under the stack's data
 * folder: the events on the log carry schema ids, and those ids must still resolve after a restart.
 */
final class RegistryLauncher {
    static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private RegistryLauncher() {
    }

    static String url(StackPorts ports) {
        return "http://127.0.0.1:" + ports.registry() + CCOMPAT_PATH;
    }

    static ManagedProcess start(StackLayout layout, StackPorts ports) throws IOException {
        Path dir = layout.data("registry");
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.http.port", Integer.toString(ports.registry()));
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("quarkus.management.port", Integer.toString(ports.registryManagement()));
        props.put("apicurio.datasource.url", "jdbc:h2:file:" + dir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        props.put("apicurio.storage.snapshot.location", dir.toString());
        ManagedProcess registry = ManagedProcess.start("registry",
                JavaCommand.of("512m", List.of(), props, List.of("-jar", layout.registryJar().toString())),
                dir, layout.log("registry"), url(ports));
        Readiness.await(registry, Duration.ofSeconds(120), () -> Readiness.answers200(url(ports) + "/subjects"));
        // Apicurio's default is NONE; Confluent's is BACKWARD, which is what schema evolution here relies on.
        new SchemaRegistryClient(RegistryConfig.of(url(ports))).setCompatibility(null, "BACKWARD");
        return registry;
    }
}
