package io.veritrail.ingest.publish;

import io.veritrail.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that was refused on its way into the log, kept as it came with why and where from: the original key,
 * value and headers, plus {@code veritrail.reason}, {@code veritrail.field} (a JSON pointer, when one field is at
 * fault) and {@code veritrail.source.topic/partition/offset}.
 */
public record DeadLetter(byte[] key, byte[] value, Iterable<Header> headers, String reason, String field,
                         String sourceTopic, int sourcePartition, long sourceOffset) {
    public static final String REASON = "veritrail.reason";
    public static final String FIELD = "veritrail.field";

    ProducerRecord<byte[], byte[]> record() {
        RecordHeaders out = new RecordHeaders();
        headers.forEach(out::add);
        out.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        if (field != null) {
            out.add(FIELD, field.getBytes(StandardCharsets.UTF_8));
        }
        out.add("veritrail.source.topic", sourceTopic.getBytes(StandardCharsets.UTF_8));
        out.add("veritrail.source.partition", Integer.toString(sourcePartition).getBytes(StandardCharsets.UTF_8));
        out.add("veritrail.source.offset", Long.toString(sourceOffset).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.EVENTS_DLQ, null, key, value, out);
    }
}
