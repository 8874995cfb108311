package io.veritrail.testkit;

import java.nio.file.Path;
import java.util.List;

/** A running Kafka broker that integration tests talk to. */
public interface KafkaBroker extends AutoCloseable {
    String bootstrapServers();

    /** How it was started: {@code docker} or {@code inprocess}. */
    String kind();

    /**
     * The broker's log directories when this test can read them (in-process), so a test can see what the broker
     * did to its logs, such as how far the log cleaner compacted each partition; empty otherwise.
     */
    default List<Path> logDirs() {
        return List.of();
    }
}
