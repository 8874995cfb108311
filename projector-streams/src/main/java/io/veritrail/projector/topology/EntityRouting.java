package io.veritrail.projector.topology;

import io.veritrail.schemas.topic.EntityPartitioning;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Which partition, hence which instance, holds an entity: the rule ingest used to write its events. */
public final class EntityRouting {
    public static final StreamPartitioner<String, Object> PARTITIONER = (topic, key, value, partitions) ->
            Optional.of(Set.of(EntityPartitioning.partitionFor(key, partitions)));

    private EntityRouting() {
    }
}
