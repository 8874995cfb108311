package io.veritrail.cli;

import io.veritrail.deploy.stack.LocalStack;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.projector.replay.ProjectorReset;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "replay", mixinStandardHelpOptions = true, description = {
        "Rebuilds the projector's state from the event log: stops the projector of the local stack, forgets its",
        "stores, positions and the entity-changes / entity-state topics, starts it again, and shows its progress",
        "through the log until it has caught up. The event log is not touched."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        LocalStack local = new LocalStack(stack.layout(), System.out);
        String bootstrap = "127.0.0.1:" + stack.ports().kafka();
        String applicationId = ProjectorConfig.DEFAULT_APPLICATION_ID;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicProvisioner topics = new TopicProvisioner(admin);
            int partitions = topics.partitionCount(Topics.EVENTS);
            long began = System.nanoTime();
            local.restart("projector", state -> new ProjectorReset(admin, line -> System.out.println("  " + line))
                    .reset(applicationId, stack.layout().data("projector"), partitions, (short) 1));
            Map<TopicPartition, Long> end = topics.endOffsets(Topics.EVENTS);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long done = 0;
            while (done < total) {
                Thread.sleep(1000);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                done = end.keySet().stream().mapToLong(tp -> committed.containsKey(tp) && committed.get(tp) != null
                        ? Math.min(committed.get(tp).offset(), end.get(tp)) : 0).sum();
                // Transaction markers at the very end of a partition are never committed past; close enough is done.
                boolean caughtUp = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        ? committed.get(e.getKey()).offset() >= e.getValue() - 1 : e.getValue() == 0);
                System.out.printf("  replayed %,d of %,d log offsets (%.0f%%)%n", done, total, total == 0 ? 100.0 : 100.0 * done / total);
                if (caughtUp) {
                    break;
                }
            }
            System.out.printf("Replay done in %.1f s: the projector's stores and output topics are rebuilt from the log.%n",
                    (System.nanoTime() - began) / 1e9);
        }
        return 0;
    }
}
