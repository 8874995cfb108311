package io.veritrail.schemas.topic;

import java.util.Map;

/** A topic as it must exist: name, partition count, replication and configuration. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
