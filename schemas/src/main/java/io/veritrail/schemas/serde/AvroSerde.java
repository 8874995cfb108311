package io.veritrail.schemas.serde;

import io.veritrail.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/** Serializer and deserializer of one record class through one registry client, for Kafka Streams. */
public final class AvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {
    public AvroSerde(SchemaRegistryClient registry, Class<T> type) {
        super(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, type));
    }
}
