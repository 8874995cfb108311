package io.veritrail.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.integrity.audit.AuditReport;
import io.veritrail.integrity.audit.Finding;
import io.veritrail.integrity.audit.LogAuditor;
import io.veritrail.integrity.checkpoint.Checkpoint;
import io.veritrail.integrity.checkpoint.NoteKeys;
import io.veritrail.integrity.checkpoint.SignedNote;
import io.veritrail.integrity.merkle.ProofVerifier;
import io.veritrail.integrity.merkle.Rfc6962;
import io.veritrail.schemas.topic.EventKey;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.OpenApiDocument;
import io.veritrail.testkit.RealKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrity service on a real broker: proofs that verify from the raw record bytes, a service killed with
 * SIGKILL mid-stream that resumes to the same roots as an uninterrupted one, and an audit that catches
 * {@code deleteRecords}.
 */
@RealKafka
class IntegrityServiceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = Topics.DEFAULT_PARTITIONS;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void proofsVerifyKillResumesExactlyAndTheAuditCatchesDeletion(KafkaBroker broker, @TempDir Path dir) throws Exception {
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).ensure(Topics.all(PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        List<String> guids = new ArrayList<>();
        produce(bootstrap, 4000, guids);

        int childPort = freePort();
        Process child = startChild(bootstrap, childPort, dir.resolve("killed"));
        long total = guids.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> hashed(childPort) > 0);
        child.destroyForcibly().waitFor();

        produce(bootstrap, 4000, guids);
        total = guids.size();
        Process restarted = startChild(bootstrap, childPort, dir.resolve("killed"));
        IntegrityConfig config = IntegrityConfig.defaults(new ClusterSettings(bootstrap, "http://unused"), 0,
                dir.resolve("uninterrupted"));
        try (IntegrityApp uninterrupted = IntegrityApp.start(config)) {
            long expected = total;
            await().atMost(Duration.ofSeconds(90)).until(() -> hashed(childPort) == expected
                    && uninterrupted.heads().stream().mapToLong(h -> h.treeSize()).sum() == expected);
            JsonNode resumedRoots = get(childPort, "/v1/roots");
            JsonNode cleanRoots = JSON.valueToTree(uninterrupted.heads());
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(resumedRoots.get(p).get("rootHash")).isEqualTo(cleanRoots.get(p).get("rootHash"));
                assertThat(resumedRoots.get(p).get("treeSize").asLong()).isEqualTo(cleanRoots.get(p).get("treeSize").asLong());
            }
            double leavesHashedAfterRestart = metric(childPort, "veritrail_integrity_leaves_total");
            assertThat(leavesHashedAfterRestart).as("the restarted service resumed instead of rehashing")
                    .isLessThan(expected);
            for (int i = 0; i < guids.size(); i += 20) {
                String sample = guids.get(i);
                JsonNode killed = get(childPort, "/v1/proofs/inclusion?eventGuid=" + sample);
                JsonNode clean = get(uninterrupted.port(), "/v1/proofs/inclusion?eventGuid=" + sample);
                assertThat(List.of(killed.get("partition").asInt(), killed.get("offset").asLong()))
                        .as("where %s is, by the killed and resumed guid index", sample)
                        .isEqualTo(List.of(clean.get("partition").asInt(), clean.get("offset").asLong()));
            }
            restarted.destroy();

            String guid = guids.get(1234);
            JsonNode proof = get(uninterrupted.port(), "/v1/proofs/inclusion?eventGuid=" + guid);
            verifyLikeAnOutsider(proof, rawValue(bootstrap, proof.get("partition").asInt(), proof.get("offset").asLong()),
                    uninterrupted.verifierKey());
            JsonNode byOffset = get(uninterrupted.port(), "/v1/proofs/inclusion?partition=" + proof.get("partition")
                    + "&offset=" + proof.get("offset") + "&treeSize=" + (proof.get("leafIndex").asLong() + 1));
            verifyLikeAnOutsider(byOffset, rawValue(bootstrap, proof.get("partition").asInt(), proof.get("offset").asLong()),
                    uninterrupted.verifierKey());

            int p = proof.get("partition").asInt();
            JsonNode consistency = get(uninterrupted.port(), "/v1/proofs/consistency?partition=" + p + "&from=7");
            assertThat(ProofVerifier.verifyConsistency(7, consistency.get("toSize").asLong(),
                    Rfc6962.unhex(consistency.get("fromRoot").asText()), Rfc6962.unhex(consistency.get("toRoot").asText()),
                    hashes(consistency.get("proof")))).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() -> uninterruptedCheckpointsCover(uninterrupted, expected));
            LogAuditor auditor = new LogAuditor(bootstrap, uninterrupted.verifierKey(), null);
            assertThat(auditor.run(line -> { }).clean()).isTrue();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                // The broker refuses deleteRecords on a compacted topic (POLICY_VIOLATION), which the log is by
                // default; an administrator can switch the policy first, as the tiered-storage setting does.
                ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
                admin.incrementalAlterConfigs(Map.of(events, List.of(new AlterConfigOp(
                        new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();
                admin.deleteRecords(Map.of(new TopicPartition(Topics.EVENTS, 2), RecordsToDelete.beforeOffset(5)))
                        .all().get();
            }
            AuditReport report = auditor.run(line -> { });
            assertThat(report.clean()).isFalse();
            assertThat(report.findings()).anySatisfy(f -> {
                assertThat(f.partition()).isEqualTo(2);
                assertThat(f.kind()).isEqualTo(Finding.Kind.DELETED);
                assertThat(f.fromOffset()).isZero();
            });
            assertThat(report.findings()).allSatisfy(f -> assertThat(f.partition()).isEqualTo(2));
        } finally {
            restarted.destroyForcibly();
        }
    }

    /** What an outside verifier does with the proof JSON, the raw record bytes and the published verifier key. */
    @Test
    void theOpenApiDocumentListsEveryRouteAndNoOther(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        try (IntegrityApp integrity = IntegrityApp.start(IntegrityConfig.defaults(
                new ClusterSettings(broker.bootstrapServers(), "http://unused"), 0, dir))) {
            OpenApiDocument document = OpenApiDocument.fetch("http://127.0.0.1:" + integrity.port());
            assertThat(document.version()).isEqualTo("3.1.0");
            assertThat(document.operations()).containsExactlyInAnyOrderElementsOf(integrity.routes());
            assertThat(document.defects()).isEmpty();
        }
    }

    private static void verifyLikeAnOutsider(JsonNode proof, byte[] raw, String verifierKey) {
        byte[] leafHash = Rfc6962.leafHash(raw);
        assertThat(Rfc6962.hex(leafHash)).isEqualTo(proof.get("leafHash").asText());
        Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(proof.get("checkpoint").asText(),
                NoteKeys.Verifier.parse(verifierKey)));
        assertThat(checkpoint.treeSize()).isEqualTo(proof.get("treeSize").asLong());
        assertThat(Rfc6962.hex(checkpoint.rootHash())).isEqualTo(proof.get("rootHash").asText());
        assertThat(ProofVerifier.verifyInclusion(proof.get("leafIndex").asLong(), checkpoint.treeSize(), leafHash,
                hashes(proof.get("auditPath")), checkpoint.rootHash())).isTrue();
        assertThat(ProofVerifier.verifyInclusion(proof.get("leafIndex").asLong(), checkpoint.treeSize(),
                Rfc6962.leafHash(new byte[] {1, 2, 3}), hashes(proof.get("auditPath")), checkpoint.rootHash())).isFalse();
    }

    private static boolean uninterruptedCheckpointsCover(IntegrityApp app, long total) {
        // Checkpoints follow every 10 s or 100,000 records: wait until each partition's latest covers its tree.
        return app.heads().stream().allMatch(h -> h.treeSize() == 0 || checkpointSize(app, h.partition()) == h.treeSize());
    }

    private static long checkpointSize(IntegrityApp app, int partition) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/v1/checkpoints/" + partition)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Checkpoint.parse(r.body().substring(0, r.body().indexOf("\n\n") + 1)).treeSize() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> list = new ArrayList<>();
        array.forEach(n -> list.add(Rfc6962.unhex(n.asText())));
        return list;
    }

    /** Half the records plain, half in transactions, so that markers take offsets and leaf index differs from offset. */
    private static void produce(String bootstrap, int count, List<String> guids) throws Exception {
        Map<String, Object> plain = Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", true);
        Map<String, Object> transactional = new HashMap<>(plain);
        transactional.put("transactional.id", "it-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(plain, new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, byte[]> t = new KafkaProducer<>(transactional, new StringSerializer(), new ByteArraySerializer())) {
            t.initTransactions();
            for (int batch = 0; batch < count / 100; batch++) {
                boolean inTransaction = batch % 2 == 1;
                if (inTransaction) {
                    t.beginTransaction();
                }
                for (int i = 0; i < 100; i++) {
                    String guid = UUID.randomUUID().toString();
                    String entity = "entity-" + (guids.size() % 37);
                    guids.add(guid);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS,
                            new EventKey(entity, guid).text(), ("payload of " + guid).getBytes());
                    (inTransaction ? t : p).send(record);
                }
                if (inTransaction) {
                    t.commitTransaction();
                }
            }
            p.flush();
        }
    }

    private static byte[] rawValue(String bootstrap, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(10)).records(tp)) {
                if (record.offset() == offset) {
                    return record.value();
                }
            }
            throw new AssertionError("no record at " + partition + "@" + offset);
        }
    }

    private static Process startChild(String bootstrap, int port, Path stateDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dveritrail.kafka.bootstrap=" + bootstrap, "-Dveritrail.integrity.port=" + port,
                "-Dveritrail.integrity.state-dir=" + stateDir, "-Dveritrail.auth=off",
                // Seals of the guid index happen many times in this run, so the kill lands among them too.
                "-Dveritrail.integrity.guid-seal-every=500", IntegrityApp.class.getName())
                .redirectErrorStream(true).redirectOutput(stateDir.resolveSibling(stateDir.getFileName() + ".log").toFile())
                .start();
    }

    private long hashed(int port) {
        try {
            long sum = 0;
            for (JsonNode head : get(port, "/v1/roots")) {
                sum += head.get("treeSize").asLong();
            }
            return sum;
        } catch (Exception notUpYet) {
            return -1;
        }
    }

    private double metric(int port, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
