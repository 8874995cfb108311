package io.veritrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "proof", mixinStandardHelpOptions = true,
        description = "Fetches a proof from the integrity service and prints it as JSON (the same as its HTTP API).",
        subcommands = {ProofCommand.Inclusion.class, ProofCommand.Consistency.class})
final class ProofCommand {

    @Command(name = "inclusion", mixinStandardHelpOptions = true,
            description = "Proof that an event is in the log: by event guid, or by partition and offset.")
    static final class Inclusion implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--event-guid", required = true)
            String eventGuid;

            @ArgGroup(exclusive = false)
            Position position;
        }

        static final class Position {
            @Option(names = "--partition", required = true)
            int partition;

            @Option(names = "--offset", required = true)
            long offset;
        }

        @Option(names = "--tree-size", description = "Prove against this tree size (default: the latest checkpoint).")
        Long treeSize;

        @Option(names = "--record-out", paramLabel = "FILE",
                description = "Also save the record's raw bytes, read from Kafka, for 'veritrail verify'.")
        Path recordOut;

        @Option(names = "--kafka", defaultValue = "${env:VERITRAIL_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
                description = "Kafka, for --record-out (${DEFAULT-VALUE}).")
        String kafka;

        @picocli.CommandLine.Mixin
        IntegrityClient service = new IntegrityClient();

        @Override
        public Integer call() throws Exception {
            String query = target.eventGuid != null
                    ? "eventGuid=" + URLEncoder.encode(target.eventGuid, StandardCharsets.UTF_8)
                    : "partition=" + target.position.partition + "&offset=" + target.position.offset;
            if (treeSize != null) {
                query += "&treeSize=" + treeSize;
            }
            String json = service.get("/v1/proofs/inclusion?" + query);
            JsonNode proof = Json.mapper().readTree(json);
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(proof));
            if (recordOut != null) {
                Files.write(recordOut, rawRecord(kafka, proof.get("partition").asInt(), proof.get("offset").asLong()));
                System.err.println("record bytes saved to " + recordOut);
            }
            return 0;
        }
    }

    @Command(name = "consistency", mixinStandardHelpOptions = true,
            description = "Proof that the tree of --from leaves is a prefix of the tree of --to leaves.")
    static final class Consistency implements Callable<Integer> {
        @Option(names = "--partition", required = true)
        int partition;

        @Option(names = "--from", required = true)
        long from;

        @Option(names = "--to", description = "Default: the latest checkpoint's size.")
        Long to;

        @picocli.CommandLine.Mixin
        IntegrityClient service = new IntegrityClient();

        @Override
        public Integer call() throws Exception {
            String json = service.get("/v1/proofs/consistency?partition=" + partition + "&from=" + from
                    + (to == null ? "" : "&to=" + to));
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.mapper().readTree(json)));
            return 0;
        }
    }

    static byte[] rawRecord(String bootstrap, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    if (record.offset() == offset) {
                        return record.value();
                    }
                }
            }
            throw new IllegalStateException("no record at " + Topics.EVENTS + "-" + partition + "@" + offset);
        }
    }
}
