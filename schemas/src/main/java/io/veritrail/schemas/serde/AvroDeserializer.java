package io.veritrail.schemas.serde;

import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a specific record class: the writer's schema comes from the registry by
 * the id in the header, the reader's schema is the class's own, and Avro's schema resolution bridges the two, so
 * records written with an older compatible schema still read.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    static {
        AvroTrust.install();
    }

    /** Names the specific record class when Kafka instantiates this deserializer from configuration. */
    public static final String TYPE_CONFIG = "veritrail.avro.type";

    private SchemaRegistryClient registry;
    private Class<T> type;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer() {
    }

    public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        useType(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = new SchemaRegistryClient(RegistryConfig.from(configs));
        }
        if (type == null) {
            Object name = configs.get(TYPE_CONFIG);
            if (name == null) {
                throw new IllegalArgumentException(TYPE_CONFIG + " must name the Avro specific record class");
            }
            try {
                useType((Class<T>) Class.forName(name.toString()));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no class " + name, e);
            }
        }
    }

    private void useType(Class<T> type) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] record) {
        if (record == null) {
            return null;
        }
        int id = WireFormat.schemaId(record);
        DatumReader<T> reader = readers.computeIfAbsent(id,
                i -> new SpecificDatumReader<>(registry.schemaById(i), readerSchema));
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(record, WireFormat.HEADER_LENGTH,
                    record.length - WireFormat.HEADER_LENGTH, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("record of " + topic + " with schema id " + id
                    + " is not a readable " + type.getSimpleName(), e);
        }
    }
}
