package io.veritrail.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: a zero magic byte, the 4-byte big-endian schema id, then the Avro binary body.
 * Any client of a Confluent-compatible registry reads what this writes, and the other way round.
 */
public final class WireFormat {
    public static final byte MAGIC = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    public static int schemaId(byte[] record) {
        if (record == null || record.length < HEADER_LENGTH) {
            throw new SerializationException("record too short for the Confluent wire format");
        }
        if (record[0] != MAGIC) {
            throw new SerializationException("unknown magic byte " + record[0] + "; not the Confluent wire format");
        }
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }

    public static void writeHeader(ByteBuffer target, int schemaId) {
        target.put(MAGIC).putInt(schemaId);
    }
}
