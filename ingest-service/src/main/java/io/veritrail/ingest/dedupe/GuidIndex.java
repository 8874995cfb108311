package io.veritrail.ingest.dedupe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Every event guid in the log, with where it was written: a local RocksDB copy of what the {@code events} topic
 * says. It is a cache of the log, never the truth: deleting the folder only makes the next start read the log
 * again. Also keeps, per partition, the offset up to which it has read the log, so a restart resumes there.
 */
public final class GuidIndex implements AutoCloseable {
    private static final byte GUID = 'g';
    private static final byte POSITION = 'p';

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions = new WriteOptions();

    public GuidIndex(Path folder) {
        try {
            Files.createDirectories(folder);
            // Most lookups are of new guids, absent from the index: Bloom filters (on the files and on the memtable)
            // answer those without searching either.
            this.options = new Options().setCreateIfMissing(true)
                    .setMemtablePrefixBloomSizeRatio(0.05)
                    .setMemtableWholeKeyFiltering(true)
                    .setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig()
                            .setFilterPolicy(new org.rocksdb.BloomFilter(10)));
            this.db = RocksDB.open(options, folder.toString());
        } catch (java.io.IOException | RocksDBException e) {
            throw new IllegalStateException("cannot open the guid index in " + folder + ": " + e.getMessage(), e);
        }
    }

    public Optional<PriorWrite> find(String guid) {
        try {
            byte[] value = db.get(key(GUID, guid.getBytes(StandardCharsets.UTF_8)));
            return value == null ? Optional.empty() : Optional.of(decode(value));
        } catch (RocksDBException e) {
            throw new IllegalStateException("guid index read failed: " + e.getMessage(), e);
        }
    }

    /** Records guids and, in the same atomic write, how far into each partition the index now reaches. */
    public void record(Map<String, PriorWrite> writes, Map<Integer, Long> nextOffsets) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<String, PriorWrite> write : writes.entrySet()) {
                batch.put(key(GUID, write.getKey().getBytes(StandardCharsets.UTF_8)), encode(write.getValue()));
            }
            for (Map.Entry<Integer, Long> position : nextOffsets.entrySet()) {
                batch.put(key(POSITION, ByteBuffer.allocate(4).putInt(position.getKey()).array()),
                        ByteBuffer.allocate(8).putLong(position.getValue()).array());
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("guid index write failed: " + e.getMessage(), e);
        }
    }

    /** Per partition, the next offset of the log the index has not read yet. */
    public Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {POSITION}); it.isValid() && it.key()[0] == POSITION; it.next()) {
                positions.put(ByteBuffer.wrap(it.key(), 1, 4).getInt(), ByteBuffer.wrap(it.value()).getLong());
            }
        }
        return positions;
    }

    private static byte[] key(byte kind, byte[] id) {
        return ByteBuffer.allocate(1 + id.length).put(kind).put(id).array();
    }

    private static byte[] encode(PriorWrite write) {
        byte[] fingerprint = write.fingerprint().getBytes(StandardCharsets.US_ASCII);
        byte[] token = write.requestToken().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(14 + fingerprint.length + token.length).putInt(write.partition())
                .putLong(write.offset()).putShort((short) fingerprint.length).put(fingerprint).put(token).array();
    }

    private static PriorWrite decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        int partition = buffer.getInt();
        long offset = buffer.getLong();
        int fingerprintLength = buffer.getShort();
        return new PriorWrite(partition, offset, new String(value, 14, fingerprintLength, StandardCharsets.US_ASCII),
                new String(value, 14 + fingerprintLength, value.length - 14 - fingerprintLength,
                        StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        db.close();
        options.close();
        writeOptions.close();
    }
}
