package io.veritrail.integrity.log;

import io.veritrail.integrity.merkle.Rfc6962;
import io.veritrail.integrity.store.IntegrityStore;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll's records reduced to what the trees and the store need: per record its partition, offset, leaf hash
 * and guid key, in poll order (offset order within each partition), and the consumer's positions after the poll.
 * Computing this is the pure, CPU-heavy half of following the log (SHA-256 of every value), done on a thread of
 * its own so that it overlaps both fetching and writing. Keys and values are views of the consumer's fetched
 * buffers, not copies: the consumer has allocated each record once already, and a byte-array copy of it was a
 * second allocation of the same size for every record.
 */
record HashedPoll(int count, int[] partitions, long[] offsets, byte[][] leafHashes, byte[][] guidKeys,
                  Map<Integer, Long> positions) {
    private static final Logger log = LoggerFactory.getLogger(HashedPoll.class);

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    static HashedPoll of(ConsumerRecords<ByteBuffer, ByteBuffer> records, Map<Integer, Long> positions) {
        int count = records.count();
        int[] partitions = new int[count];
        long[] offsets = new long[count];
        byte[][] leafHashes = new byte[count][];
        byte[][] guidKeys = new byte[count][];
        int i = 0;
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
            ByteBuffer value = record.value();
            if (value == null) {
                log.warn("{}-{}@{} has no value; hashed as empty bytes", record.topic(), record.partition(),
                        record.offset());
                value = EMPTY;
            }
            partitions[i] = record.partition();
            offsets[i] = record.offset();
            leafHashes[i] = Rfc6962.leafHash(value);
            guidKeys[i] = record.key() == null ? null : IntegrityStore.guidKeyOf(record.key());
            if (guidKeys[i] == null) {
                log.warn("{}-{}@{} has no <entityGuid>/<guid> key; not indexed by guid", record.topic(),
                        record.partition(), record.offset());
            }
            i++;
        }
        return new HashedPoll(count, partitions, offsets, leafHashes, guidKeys, positions);
    }
}
