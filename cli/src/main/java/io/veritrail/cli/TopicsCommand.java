package io.veritrail.cli;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.TopicSpec;
import io.veritrail.schemas.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "topics", mixinStandardHelpOptions = true, description = {
        "Creates Veritrail's topics on a Kafka cluster, yours or the local stack's,",
        "and waits until every partition has a leader. Topics that exist are kept as",
        "they are; one whose partition count differs stops it with an error, because",
        "entities and Merkle trees live per partition. Safe to run again. Client",
        "settings (TLS, SASL) come from the file VERITRAIL_KAFKA_CLIENT_CONFIG names.",
        "Exit code 0 when every topic is there, 1 if not, with the reason."})
final class TopicsCommand implements Callable<Integer> {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", defaultValue = "${env:VERITRAIL_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka (${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--partitions", defaultValue = "" + Topics.DEFAULT_PARTITIONS,
            description = "Partitions of each topic (${DEFAULT-VALUE}); fixed once events are written.")
    int partitions;

    @Option(names = "--replication-factor", description = "Copies of each partition; default 3, or the number of "
            + "brokers when the cluster has fewer.")
    Short replicationFactor;

    @Option(names = "--tiered-storage", description = "The log with plain infinite retention instead of compaction, "
            + "as tiered storage needs (and as the README advises for production).")
    boolean tieredStorage;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> settings = KafkaClients.config(kafka);
        // A cluster that does not answer is told within half a minute, and closing then waits for nothing.
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis());
        try (Admin admin = Admin.create(settings)) {
            int brokers = admin.describeCluster().nodes().get().size();
            short copies = replicationFactor != null ? replicationFactor : (short) Math.min(3, brokers);
            List<TopicSpec> specs = Topics.all(partitions, copies, tieredStorage);
            Set<String> existing = admin.listTopics().names().get();
            err.printf("%s: %d broker(s); missing topics get %d partitions (merkle-checkpoints one) and %d copies%n",
                    kafka, brokers, partitions, copies);
            err.flush();
            new TopicProvisioner(admin).ensure(specs, Duration.ofSeconds(60));
            var described = admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).allTopicNames()
                    .get();
            for (TopicSpec topic : specs) {
                TopicDescription found = described.get(topic.name());
                out.printf("%-8s %-20s %3d partitions, %d copies%s%n",
                        existing.contains(topic.name()) ? "kept" : "created", topic.name(), found.partitions().size(),
                        found.partitions().getFirst().replicas().size(),
                        existing.contains(topic.name()) ? "" : ", " + new TreeMap<>(topic.configs()));
            }
            out.flush();
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("no answer from " + kafka + " within " + ANSWER_WITHIN.toSeconds()
                        + " s", e.getCause());
            }
            throw e;
        }
    }
}
