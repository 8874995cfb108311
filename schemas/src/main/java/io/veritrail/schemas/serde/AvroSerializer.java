package io.veritrail.schemas.serde;

import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, with the schema registered under the topic's
 * subject ({@code <topic>-value} or {@code <topic>-key}, Confluent's TopicNameStrategy).
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    static {
        AvroTrust.install();
    }

    private SchemaRegistryClient registry;
    private boolean isKey;

    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            registry = new SchemaRegistryClient(RegistryConfig.from(configs));
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        String subject = topic + (isKey ? "-key" : "-value");
        RegistryConfig config = registry.config();
        int id = config.autoRegister() ? registry.register(subject, data.getSchema())
                : config.useLatestVersion() ? registry.latestId(subject)
                : registry.lookup(subject, data.getSchema());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
            WireFormat.writeHeader(header, id);
            out.write(header.array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(data.getSchema()).write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("could not write " + data.getSchema().getFullName(), e);
        }
    }
}
