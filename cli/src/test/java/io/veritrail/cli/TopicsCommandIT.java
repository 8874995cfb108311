package io.veritrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.veritrail.schemas.topic.Topics;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** 'veritrail topics' on a cluster that has none of the topics yet, again on one that has them, and a mistake. */
@RealKafka
class TopicsCommandIT {
    @Test
    void createsEveryTopicKeepsThemWhenRunAgainAndRefusesAnotherPartitionCount(KafkaBroker broker) throws Exception {
        Run first = run("--kafka", broker.bootstrapServers());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("created  events").contains("created  merkle-checkpoints");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of(Topics.EVENTS, Topics.MERKLE_CHECKPOINTS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.EVENTS).partitions()).hasSize(Topics.DEFAULT_PARTITIONS);
            assertThat(topics.get(Topics.MERKLE_CHECKPOINTS).partitions()).hasSize(1);
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            Config config = admin.describeConfigs(List.of(events)).all().get(30, TimeUnit.SECONDS).get(events);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
        assertThat(first.err()).contains("1 broker(s)").contains("and 1 copies");

        Run again = run("--kafka", broker.bootstrapServers());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("kept     events").doesNotContain("created");

        Run mistake = run("--kafka", broker.bootstrapServers(), "--partitions", "3");
        assertThat(mistake.exit()).isEqualTo(1);
        assertThat(mistake.err()).contains("veritrail topics: topic events has 6 partitions, expected 3")
                .doesNotContain("\tat ");

        Run tooManyCopies = run("--kafka", broker.bootstrapServers(), "--replication-factor", "3");
        assertThat(tooManyCopies.exit()).as("the topics exist, so nothing is created with 3 copies").isZero();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = VeritrailCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] topics = new String[args.length + 1];
        topics[0] = "topics";
        System.arraycopy(args, 0, topics, 1, args.length);
        int exit = command.execute(topics);
        return new Run(exit, out.toString(), err.toString());
    }
}
