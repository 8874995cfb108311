package io.veritrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.IngestApp;
import io.veritrail.ingest.IngestConfig;
import io.veritrail.integrity.IntegrityApp;
import io.veritrail.integrity.IntegrityConfig;
import io.veritrail.integrity.audit.AuditReport;
import io.veritrail.integrity.audit.LogAuditor;
import io.veritrail.integrity.proof.InclusionProof;
import io.veritrail.integrity.proof.OfflineVerifier;
import io.veritrail.projector.ProjectorApp;
import io.veritrail.projector.ProjectorConfig;
import io.veritrail.schemas.crypto.MasterKeys;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.config.ClusterSettings;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.testkit.KafkaBroker;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import io.veritrail.testkit.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Encrypted event data on the real stack: no plaintext of a sensitive value in the log, the projector's changelogs
 * and outputs, or its RocksDB files; then crypto-shredding: after the key is destroyed the data is gone from every
 * read path, downstream hears {@code entity-erased}, an inclusion proof of one of the entity's events still
 * verifies (with an RFC 9162 check written here and with the offline verifier) and the audit stays clean.
 */
@RealKafka
class DataErasureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sealedEverywhereThenErasedEverywhereWhileProofsStillVerify(KafkaBroker broker, SchemaRegistry registry,
                                                                    @TempDir Path state) throws Exception {
        ClusterSettings cluster = new ClusterSettings(broker.bootstrapServers(), registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(Topics.DEFAULT_PARTITIONS, (short) 1, false), Duration.ofSeconds(30));
        }
        MasterKeys masters = MasterKeys.single("m1", MasterKeys.newKeyLine("m1").split(" ")[1]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String appId = "erasure-" + run;
        String person = run + "-fatou";
        String secret = "Fatoumata-" + run + "-HIV-positive";
        String secretUpdate = "Bamako-clinic-" + run;
        String firstGuid = UUID.randomUUID().toString();
        Path projectorState = state.resolve("projector");
        int partition;
        long offset;
        String integrityUrl;
        try (ProjectorApp projector = ProjectorApp.start(ProjectorConfig.local(cluster, 0, projectorState, appId),
                AuthSettings.off(), masters);
             IngestApp ingest = IngestApp.start(IngestConfig.defaults(cluster, 0), AuthSettings.off(), masters);
             IntegrityApp integrity = IntegrityApp.start(IntegrityConfig.defaults(cluster, 0, state.resolve("integrity")))) {
            String in = "http://127.0.0.1:" + ingest.port();
            String proj = "http://127.0.0.1:" + projector.port();
            integrityUrl = "http://127.0.0.1:" + integrity.port();
            JsonNode created = JSON.readTree(post(in + "/v1/events", event(firstGuid, person, "create-individual",
                    "{\"name\":\"" + secret + "\",\"age\":34}")).body());
            partition = created.get("partition").asInt();
            offset = created.get("offset").asLong();
            post(in + "/v1/events", event(UUID.randomUUID().toString(), person, "update-individual",
                    "{\"clinic\":\"" + secretUpdate + "\"}"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> doc = get(proj + "/v1/entities/" + person);
                assertThat(doc.statusCode()).isEqualTo(200);
                assertThat(doc.body()).contains(secret).contains(secretUpdate); // readable to those entitled
            });
            // The projector has committed (100 ms) and flushed its stores; its changelogs are written.
            Thread.sleep(1500);

            // 1. No plaintext anywhere Kafka keeps it: the log, the outputs, every changelog of the projector.
            List<String> topics = new ArrayList<>(List.of(Topics.EVENTS, Topics.ENTITY_STATE, Topics.ENTITY_CHANGES,
                    Topics.EVENTS_REJECTED));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.listTopics().names().get().stream().filter(t -> t.startsWith(appId)).forEach(topics::add);
            }
            assertThat(topics).anyMatch(t -> t.endsWith("entities-changelog")).anyMatch(t -> t.endsWith("history-changelog"));
            for (String topic : topics) {
                List<byte[]> records = rawRecords(broker.bootstrapServers(), topic);
                assertThat(records).as(topic).noneMatch(r -> contains(r, secret) || contains(r, secretUpdate));
            }
            assertThat(rawRecords(broker.bootstrapServers(), Topics.EVENTS)).as("the control: the person's records are there")
                    .anyMatch(r -> contains(r, firstGuid));

            // 2. Erasure.
            HttpResponse<String> erase = http.send(HttpRequest.newBuilder(URI.create(proj + "/v1/entities/" + person
                    + "/key")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(erase.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(proj + "/v1/entities/" + person).statusCode() == 410);
            for (String path : List.of("/v1/entities/" + person, "/v1/entities/" + person + "/history",
                    "/v1/entities/" + person + "?asOf=2030-01-01T00:00:00Z", "/v1/entities/" + person + "?version=1",
                    "/v1/events/" + firstGuid)) {
                HttpResponse<String> answer = get(proj + path);
                assertThat(answer.statusCode()).as(path).isEqualTo(410);
                assertThat(answer.body()).as(path).contains("erased").doesNotContain(secret);
            }
            assertThat(get(proj + "/v1/entities?limit=500").body()).doesNotContain(person);
            await().atMost(Duration.ofSeconds(30)).until(() -> rawRecords(broker.bootstrapServers(), Topics.ENTITY_CHANGES)
                    .stream().anyMatch(r -> contains(r, "entity-erased") && contains(r, person)));
            // Ingest hears of the erasure from entity-keys, moments after the projector's answer: once it has, sync
            // marks the person's events erased, without their data, and new events for the person are refused.
            await().atMost(Duration.ofSeconds(30)).until(() -> personsSyncedEvents(in, person).stream()
                    .allMatch(e -> e.path("erased").asBoolean()));
            assertThat(personsSyncedEvents(in, person)).hasSize(2)
                    .allMatch(e -> e.path("data").isNull() && e.path("encryptedData").isNull());
            assertThat(personsSyncedEvents(in, person).toString()).doesNotContain(secret).doesNotContain(secretUpdate);
            HttpResponse<String> more = post(in + "/v1/events", event(UUID.randomUUID().toString(), person,
                    "update-individual", "{\"name\":\"again\"}"));
            assertThat(more.statusCode()).isEqualTo(410);

            // 3. The proof of the erased person's first event still verifies: the leaf is the stored ciphertext.
            await().atMost(Duration.ofSeconds(30)).until(() -> get(integrityUrl + "/v1/proofs/inclusion?partition="
                    + partition + "&offset=" + offset).statusCode() == 200);
            String proofJson = get(integrityUrl + "/v1/proofs/inclusion?partition=" + partition + "&offset=" + offset).body();
            byte[] record = rawRecord(broker.bootstrapServers(), partition, offset);
            JsonNode proof = JSON.readTree(proofJson);
            assertThat(verifyAuditPath(record, proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(),
                    proof.get("auditPath"), proof.get("rootHash").asText())).isTrue();
            OfflineVerifier.Result offline = OfflineVerifier.inclusion(JSON.readValue(proofJson, InclusionProof.class),
                    record, get(integrityUrl + "/v1/checkpoints/key").body().strip());
            assertThat(offline.failed()).isEmpty();

            // 4. The audit re-reads the whole log and compares it with the signed checkpoints: still clean.
            String key = get(integrityUrl + "/v1/checkpoints/key").body().strip();
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                AuditReport report = new LogAuditor(broker.bootstrapServers(), key, null).run(line -> { });
                return report.checkpointsChecked() > 0 && report.recordsPerPartition().get(partition) > offset;
            });
            AuditReport audit = new LogAuditor(broker.bootstrapServers(), key, null).run(line -> { });
            assertThat(audit.findings()).isEmpty();
            assertThat(audit.clean()).isTrue();
        }

        // 5. The projector's RocksDB files: no plaintext in any value or key, read with RocksDB itself.
        List<Path> stores;
        try (Stream<Path> walk = Files.walk(projectorState)) {
            stores = walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("rocksdb"))
                    .toList();
        }
        assertThat(stores).extracting(p -> p.getFileName().toString()).contains("entities", "history", "snapshots");
        for (Path store : stores) {
            assertNoPlaintextIn(store, secret, secretUpdate);
        }
        try (Stream<Path> files = Files.walk(projectorState)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(contains(bytes, secret) || contains(bytes, secretUpdate)).as(file.toString()).isFalse();
            }
        }
    }

    private static void assertNoPlaintextIn(Path store, String... secrets) throws Exception {
        RocksDB.loadLibrary();
        List<byte[]> families;
        try (Options options = new Options()) {
            families = RocksDB.listColumnFamilies(options, store.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = families.stream().map(ColumnFamilyDescriptor::new).toList();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        int values = 0;
        try (RocksDB db = RocksDB.openReadOnly(store.toString(), descriptors, handles)) {
            for (ColumnFamilyHandle handle : handles) {
                try (RocksIterator it = db.newIterator(handle)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        values++;
                        for (String secret : secrets) {
                            assertThat(contains(it.value(), secret) || contains(it.key(), secret))
                                    .as(store + " holds plaintext").isFalse();
                        }
                    }
                }
                handle.close();
            }
        }
        if (store.getFileName().toString().equals("entities")) {
            assertThat(values).as("the entities store was read").isPositive();
        }
    }

    /** RFC 9162 section 2.1.3.2, written from the RFC: does the audit path lead from the record to the root? */
    private static boolean verifyAuditPath(byte[] record, long leafIndex, long treeSize, JsonNode path, String root)
            throws Exception {
        if (leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = sha256(new byte[] {0}, record);
        for (JsonNode node : path) {
            byte[] p = HexFormat.of().parseHex(node.asText());
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256(new byte[] {1}, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && HexFormat.of().formatHex(r).equals(root);
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static boolean contains(byte[] haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Every committed record of a topic, key and value bytes concatenated, headers too. */
    private static List<byte[]> rawRecords(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<byte[]> records = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.readToEnd(consumer,
                    TopicPartitions.of(consumer, topic), Map.of(), Duration.ofSeconds(30))) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                all.writeBytes(r.key() == null ? new byte[0] : r.key());
                all.writeBytes(r.value() == null ? new byte[0] : r.value());
                r.headers().forEach(h -> all.writeBytes(h.value() == null ? new byte[0] : h.value()));
                records.add(all.toByteArray());
            }
            return records;
        }
    }

    private static byte[] rawRecord(String bootstrap, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                    if (r.offset() == offset) {
                        return r.value();
                    }
                }
            }
            throw new IllegalStateException("record " + partition + "/" + offset + " not found");
        }
    }

    private static String event(String guid, String entity, String type, String data) {
        return ("{\"guid\":\"%s\",\"entityGuid\":\"%s\",\"type\":\"%s\",\"data\":%s,"
                + "\"timestamp\":\"2026-11-03T10:00:00Z\",\"userId\":\"collector-3\"}").formatted(guid, entity, type, data);
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }


    /** The person's events as an offline client syncing the whole log receives them. */
    private List<JsonNode> personsSyncedEvents(String ingest, String person) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String since = "";
        JsonNode page;
        do {
            page = JSON.readTree(get(ingest + "/v1/events?limit=1000" + since).body());
            page.get("events").forEach(e -> {
                if (person.equals(e.path("entityGuid").asText())) {
                    events.add(e);
                }
            });
            since = "&since=" + page.get("next").asText();
        } while (!page.get("caughtUp").asBoolean());
        return events;
    }
    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
