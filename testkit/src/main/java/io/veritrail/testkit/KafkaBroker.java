package io.veritrail.testkit;

/** A running Kafka broker that integration tests talk to. */
public interface KafkaBroker extends AutoCloseable {
    String bootstrapServers();

    /** How it was started: {@code docker} or {@code inprocess}. */
    String kind();
}
