package io.veritrail.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka's own image in a container, where a Docker engine exists. */
final class ContainerKafkaBroker implements KafkaBroker {
    static final String IMAGE = "apache/kafka:4.3.1";
    /** Set rather than the image's default, so that {@link #logDirFile} knows where to look. */
    private static final String LOG_DIR = "/tmp/veritrail-kafka-logs";

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        // Asking Testcontainers on a machine without Docker logs an alarming error; look for an engine first.
        boolean configured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerKafkaBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        InProcessKafkaBroker.SINGLE_NODE.forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        container.withEnv("KAFKA_LOG_DIRS", LOG_DIR);
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public java.util.List<String> logDirFile(String name) throws Exception {
        var read = container.execInContainer("sh", "-c", "cat " + LOG_DIR + "/" + name + " 2>/dev/null || true");
        return read.getStdout().lines().toList();
    }

    @Override
    public String kind() {
        return "docker";
    }

    @Override
    public void close() {
        container.stop();
    }
}
