package io.veritrail.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealKafka
class RealPartsIT {

    @Test
    void brokerAcceptsAndServesRecords(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("testkit-smoke", 1, (short) 1))).all().get();
        }
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
                "retries", Integer.MAX_VALUE), new StringSerializer(), new StringSerializer())) {
            written = producer.send(new ProducerRecord<>("testkit-smoke", "k", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("testkit-smoke", 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, written.offset());
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(10));
            assertThat(records.records(tp)).extracting(r -> r.value()).containsExactly("hello");
        }
    }

    @Test
    void registrySpeaksTheConfluentApi(SchemaRegistry registry) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Smoke\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/testkit-smoke-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body()).contains("\"id\"");

        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/config")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.body()).contains("BACKWARD");
    }

    @Test
    void oneBrokerPerJvm(KafkaBroker first, KafkaBroker second) {
        assertThat(first).isSameAs(second);
    }
}
