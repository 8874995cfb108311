package io.veritrail.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a real schema registry: Apicurio Registry as a child JVM, one per test JVM. Its location comes from
 * the system property {@code veritrail.apicurio.home}, which the build sets to the stack-runtime module's copy.
 */
public final class SchemaRegistryExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return registry(context);
    }

    public static SchemaRegistry registry(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("registry", k -> start(), SchemaRegistry.class);
    }

    private static SchemaRegistry start() {
        String home = System.getProperty("veritrail.apicurio.home");
        if (home == null) {
            throw new IllegalStateException("system property veritrail.apicurio.home is not set; run the tests with Maven");
        }
        long began = System.nanoTime();
        try {
            SchemaRegistry registry = ApicurioRegistryProcess.start(Path.of(home),
                    Path.of("target", "apicurio-" + ProcessHandle.current().pid() + ".log"));
            log.info("schema registry at {} ready in {} ms", registry.url(), (System.nanoTime() - began) / 1_000_000);
            return registry;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Apicurio Registry from " + home, e);
        }
    }
}
