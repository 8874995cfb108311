package io.veritrail.schemas.serde;

import io.veritrail.schemas.registry.RegistryConfig;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
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

    /**
     * Per thread, one buffer and one encoder for every record it writes (the record is then copied out): a fresh
     * small stream per record grew twice for a typical event, and those copies showed in ingest's per-event profile.
     */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
    private static final int MAX_KEPT_BUFFER = 64 * 1024;

    private static final class Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    /** A writer resolves its schema once; made per record, that work was done for every record. */
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;
    private volatile KnownId lastId;

    private record KnownId(String topic, Schema schema, int id) {
    }

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

    /**
     * The registry id of the schema under the topic's subject. Registered and looked-up ids never change, so the
     * last one is kept here: a serializer writes one topic's records of one schema, and the subject's name and the
     * client's two map lookups were made for every record.
     */
    private int schemaId(String topic, Schema schema) {
        KnownId last = lastId;
        if (last != null && last.schema() == schema && last.topic().equals(topic)) {
            return last.id();
        }
        String subject = topic + (isKey ? "-key" : "-value");
        RegistryConfig config = registry.config();
        if (config.useLatestVersion()) {
            // The latest version may change at any time: asked every time, as configured.
            return registry.latestId(subject);
        }
        int id = config.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        lastId = new KnownId(topic, schema, id);
        return id;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = schemaId(topic, data.getSchema());
        try {
            Output output = OUTPUT.get();
            ByteArrayOutputStream out = output.bytes;
            out.reset();
            ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
            WireFormat.writeHeader(header, id);
            out.write(header.array());
            output.encoder = EncoderFactory.get().directBinaryEncoder(out, output.encoder);
            writers.computeIfAbsent(data.getSchema(), SpecificDatumWriter::new).write(data, output.encoder);
            output.encoder.flush();
            byte[] bytes = out.toByteArray();
            if (bytes.length > MAX_KEPT_BUFFER) {
                // An unusually large record does not pin its buffer to the thread for good.
                OUTPUT.remove();
            }
            return bytes;
        } catch (IOException e) {
            throw new SerializationException("could not write " + data.getSchema().getFullName(), e);
        }
    }
}
