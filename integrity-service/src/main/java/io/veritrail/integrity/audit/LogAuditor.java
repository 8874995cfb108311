package io.veritrail.integrity.audit;

import io.veritrail.schemas.topic.KafkaClients;
import io.veritrail.integrity.checkpoint.Checkpoint;
import io.veritrail.integrity.checkpoint.NoteKeys;
import io.veritrail.integrity.checkpoint.SignedNote;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Audits the log against every checkpoint ever published: reads and verifies the signed notes of
 * {@code merkle-checkpoints}, then re-reads each partition of {@code events} from its start and recomputes.
 */
public final class LogAuditor {
    private final String bootstrapServers;
    private final NoteKeys.Verifier verifier;
    private final IntFunction<LongFunction<byte[]>> storedLeafHashes;

    /** @param storedLeafHashes per partition, the leaf hashes the service stored; null for an outside audit */
    public LogAuditor(String bootstrapServers, String verifierKey, IntFunction<LongFunction<byte[]>> storedLeafHashes) {
        this.bootstrapServers = bootstrapServers;
        this.verifier = NoteKeys.Verifier.parse(verifierKey);
        this.storedLeafHashes = storedLeafHashes;
    }

    public AuditReport run(Consumer<String> progress) {
        List<Finding> findings = new ArrayList<>();
        Map<Integer, Map<Long, byte[]>> checkpoints = checkpoints(findings, progress);
        Map<Integer, Long> records = new TreeMap<>();
        int compared = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, Topics.EVENTS);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                int p = tp.partition();
                PartitionAudit audit = new PartitionAudit(p, checkpoints.getOrDefault(p, Map.of()),
                        storedLeafHashes == null ? null : storedLeafHashes.apply(p));
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = ends.get(tp);
                long lastReport = System.currentTimeMillis();
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        audit.onRecord(record.offset(), record.value() == null ? new byte[0] : record.value());
                    }
                    if (System.currentTimeMillis() - lastReport > 2000) {
                        progress.accept(String.format("partition %d: offset %,d of %,d", p, consumer.position(tp), end));
                        lastReport = System.currentTimeMillis();
                    }
                }
                findings.addAll(audit.finish());
                records.put(p, audit.leaves());
                compared += audit.checkpointsCompared(audit.leaves());
                progress.accept(String.format("partition %d: %,d records recomputed, %d checkpoints compared", p,
                        audit.leaves(), audit.checkpointsCompared(audit.leaves())));
            }
        }
        return new AuditReport(records, compared, findings);
    }

    private Map<Integer, Map<Long, byte[]>> checkpoints(List<Finding> findings, Consumer<String> progress) {
        Map<Integer, Map<Long, byte[]>> byPartition = new HashMap<>();
        int notes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, Topics.MERKLE_CHECKPOINTS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String note = new String(record.value(), StandardCharsets.UTF_8);
                    Checkpoint checkpoint;
                    try {
                        checkpoint = Checkpoint.parse(SignedNote.open(note, verifier));
                    } catch (IllegalArgumentException e) {
                        progress.accept("skipping a checkpoint at offset " + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    int partition = Integer.parseInt(checkpoint.origin().substring(checkpoint.origin().lastIndexOf('/') + 1));
                    byte[] previous = byPartition.computeIfAbsent(partition, p -> new HashMap<>())
                            .putIfAbsent(checkpoint.treeSize(), checkpoint.rootHash());
                    if (previous != null && !MessageDigest.isEqual(previous, checkpoint.rootHash())) {
                        findings.add(new Finding(partition, Finding.Kind.FORKED, -1, -1, "two signed checkpoints of size "
                                + checkpoint.treeSize() + " have different roots"));
                    }
                    notes++;
                }
            }
        }
        progress.accept(notes + " signed checkpoints read");
        return byPartition;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-audit")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
