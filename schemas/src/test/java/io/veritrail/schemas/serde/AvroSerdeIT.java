package io.veritrail.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.RegistryException;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.testkit.RealKafka;
import io.veritrail.testkit.SchemaRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

@RealKafka
class AvroSerdeIT {

    static EventEnvelope sample() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return EventEnvelope.newBuilder()
                .setGuid("6f1c1c1e-6a51-4d0c-9a3c-1d2b3c4d5e6f").setEntityGuid("person-1")
                .setType("create-individual").setData("{\"name\":\"Ada\"}")
                .setTimestamp(now.minusSeconds(3600)).setUserId("u1").setSyncLevel(SyncLevel.REMOTE)
                .setMetadata(Map.of("deviceId", "tab-7")).setArrivalTime(now).build();
    }

    @Test
    void roundTripsThroughTheRegistryInConfluentWireFormat(SchemaRegistry registry) {
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
        AvroSerializer<EventEnvelope> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(RegistryConfig.URL, registry.url()), false);
        AvroDeserializer<EventEnvelope> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of(RegistryConfig.URL, registry.url(),
                AvroDeserializer.TYPE_CONFIG, EventEnvelope.class.getName()), false);

        EventEnvelope event = sample();
        byte[] bytes = serializer.serialize("serde-it", event);

        assertThat(bytes[0]).isZero();
        int id = WireFormat.schemaId(bytes);
        assertThat(client.schemaById(id)).isEqualTo(EventEnvelope.getClassSchema());
        assertThat(client.latestId("serde-it-value")).isEqualTo(id);
        assertThat(deserializer.deserialize("serde-it", bytes)).isEqualTo(event);
    }

    @Test
    void withoutAutoRegisterAnUnknownSchemaIsAnError(SchemaRegistry registry) {
        AvroSerializer<EventEnvelope> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(RegistryConfig.URL, registry.url(), RegistryConfig.AUTO_REGISTER, "false"), false);
        assertThatThrownBy(() -> serializer.serialize("never-registered", sample()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("404");
    }

    @Test
    void incompatibleSchemaIsRefusedUnderBackwardCompatibility(SchemaRegistry registry) {
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
        Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("a").requiredInt("b").endRecord();
        client.register("compat-it-value", v1);
        assertThat(client.isCompatible("compat-it-value", v2)).isFalse();
        assertThatThrownBy(() -> client.register("compat-it-value", v2))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(409));
    }
}
