package io.veritrail.schemas.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics and waits until every partition has a leader that answers. Producing right after
 * creation can otherwise lose a record to a leadership change (seen with Kafka 4.3.1, see KAFKA-NOTES).
 * An existing topic is kept as it is, but a partition count that differs from the spec is an error: adding
 * partitions would split entities and Merkle trees.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    public void ensure(List<TopicSpec> specs, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<NewTopic> toCreate = specs.stream()
                .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
                .toList();
        admin.createTopics(toCreate).values().forEach((name, future) -> {
            try {
                future.get();
                log.info("created topic {}", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        checkPartitionCounts(specs, deadline);
        waitUntilLeadersAnswer(specs, deadline);
    }

    private void checkPartitionCounts(List<TopicSpec> specs, Instant deadline) {
        Map<String, TopicDescription> described = describeWhenKnown(specs, deadline);
        for (TopicSpec spec : specs) {
            int actual = described.get(spec.name()).partitions().size();
            if (actual != spec.partitions()) {
                throw new IllegalStateException("topic " + spec.name() + " has " + actual
                        + " partitions, expected " + spec.partitions()
                        + "; the partition count of an existing deployment cannot change");
            }
        }
    }

    /** A topic just created (or recreated) can be unknown to the broker answering for a moment. */
    private Map<String, TopicDescription> describeWhenKnown(List<TopicSpec> specs, Instant deadline) {
        while (true) {
            try {
                return admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void waitUntilLeadersAnswer(List<TopicSpec> specs, Instant deadline) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicSpec spec : specs) {
            IntStream.range(0, spec.partitions())
                    .forEach(p -> request.put(new TopicPartition(spec.name(), p), OffsetSpec.latest()));
        }
        while (true) {
            try {
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("topics not ready: " + request.keySet().stream()
                            .map(TopicPartition::topic).distinct().collect(Collectors.joining(",")), e.getCause());
                }
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** End offsets of every partition of a topic; used by tools and tests to see whether anything was written. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        TopicDescription description = call(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> result = new HashMap<>();
        call(() -> admin.listOffsets(request).all().get()).forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    public java.util.Set<String> topicNames() {
        return call(() -> admin.listTopics().names().get());
    }

    /** Deletes topics and waits until the cluster no longer lists them, so they can be created again at once. */
    public void delete(java.util.Set<String> topics, Duration timeout) {
        call(() -> admin.deleteTopics(topics).all().get());
        Instant deadline = Instant.now().plus(timeout);
        while (topicNames().stream().anyMatch(topics::contains)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topics not deleted after " + timeout.toSeconds() + " s: " + topics);
            }
            sleep();
        }
    }

    public int partitionCount(String topic) {
        return call(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()).get(topic).partitions().size();
    }

    private interface AdminCall<T> {
        T run() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
