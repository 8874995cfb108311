package io.veritrail.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

class EntityPartitioningTest {

    /** Same partition as Kafka's default partitioner gives a record keyed by the entity id alone. */
    @Property
    void agreesWithKafkasDefaultPartitioner(@ForAll String entityGuid, @ForAll @IntRange(min = 1, max = 64) int partitions) {
        int kafka = BuiltInPartitioner.partitionForKey(entityGuid.getBytes(StandardCharsets.UTF_8), partitions);
        assertThat(EntityPartitioning.partitionFor(entityGuid, partitions)).isEqualTo(kafka);
    }
}
