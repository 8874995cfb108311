package io.veritrail.testkit;

import java.util.List;

/** A running Kafka broker that integration tests talk to. */
public interface KafkaBroker extends AutoCloseable {
    String bootstrapServers();

    /** How it was started: {@code docker} or {@code inprocess}. */
    String kind();

    /**
     * The lines of a file the broker keeps in the top of each of its log directories (such as the log cleaner's
     * {@code cleaner-offset-checkpoint}), all directories together; none where the file does not exist. Lets a
     * test see what the broker did to its logs, wherever the broker runs.
     */
    List<String> logDirFile(String name) throws Exception;
}
