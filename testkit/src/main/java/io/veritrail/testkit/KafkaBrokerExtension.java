package io.veritrail.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a real Kafka broker, one per test JVM, started on first use and stopped when the JVM's tests end.
 * System property {@code veritrail.test.kafka}: {@code docker} (Testcontainers), {@code inprocess} (Kafka's
 * KRaft test kit in this JVM) or {@code auto} (docker when an engine answers, else in-process; the default).
 */
public final class KafkaBrokerExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    public static KafkaBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("broker", k -> start(), KafkaBroker.class);
    }

    private static KafkaBroker start() {
        String mode = System.getProperty("veritrail.test.kafka", "auto");
        long began = System.nanoTime();
        try {
            KafkaBroker broker = switch (mode) {
                case "docker" -> ContainerKafkaBroker.start();
                case "inprocess" -> InProcessKafkaBroker.start();
                case "auto" -> ContainerKafkaBroker.dockerAvailable()
                        ? ContainerKafkaBroker.start() : InProcessKafkaBroker.start();
                default -> throw new IllegalArgumentException(
                        "veritrail.test.kafka must be auto, docker or inprocess; got " + mode);
            };
            log.info("Kafka broker ({}) at {} ready in {} ms", broker.kind(), broker.bootstrapServers(),
                    (System.nanoTime() - began) / 1_000_000);
            return broker;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start a Kafka broker (mode " + mode + ")", e);
        }
    }
}
