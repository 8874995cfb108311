package io.veritrail.schemas.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The one rule that maps an entity to a partition of the events topic. Ingest uses it to write, the projector to
 * route a query to the instance that owns the entity; both must agree or an entity's events would split.
 * It is Kafka's default (murmur2 of the key bytes) applied to the entity id, so a topic keyed by entity id in any
 * other client lands entities on the same partitions.
 */
public final class EntityPartitioning {
    private EntityPartitioning() {
    }

    public static int partitionFor(String entityGuid, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        byte[] bytes = entityGuid.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }
}
