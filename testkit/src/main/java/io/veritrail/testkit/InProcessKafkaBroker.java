package io.veritrail.testkit;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft broker (combined broker and controller) inside the test JVM, from Kafka's own test kit.
 * Real Kafka code end to end: the same log, group and transaction coordinators as a production broker.
 */
final class InProcessKafkaBroker implements KafkaBroker {
    /**
     * Settings a one-node cluster needs (internal topics with replication 1) plus an eager log cleaner, so tests
     * that check the compaction invariant do not wait minutes for it.
     */
    static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "3",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false",
            "log.cleaner.backoff.ms", "500");

    private final KafkaClusterTestKit cluster;

    private InProcessKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static InProcessKafkaBroker start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SINGLE_NODE.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new InProcessKafkaBroker(cluster);
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public java.util.List<String> logDirFile(String name) throws java.io.IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String dir : cluster.brokers().values().stream().flatMap(b -> b.config().logDirs().stream()).toList()) {
            java.nio.file.Path file = java.nio.file.Path.of(dir, name);
            if (java.nio.file.Files.exists(file)) {
                lines.addAll(java.nio.file.Files.readAllLines(file));
            }
        }
        return lines;
    }

    @Override
    public String kind() {
        return "inprocess";
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
