package io.veritrail.ingest.dedupe;

import io.veritrail.service.files.Folders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event guid in the log, with where it was written: a local RocksDB copy of what the {@code events} topic
 * says. It is a cache of the log, never the truth: deleting the folder only makes the next start read the log
 * again. Also keeps, per partition, the offset up to which it has read the log, so a restart resumes there.
 *
 * <p>Entries are binary: a UUID guid is its 16 bytes, a fingerprint its 32, a request token its 16 (an entry of
 * 78 bytes instead of 151 as text), and nothing is compressed (hashes and random ids do not compress). Every event
 * writes one entry, so flushing and compacting them was a tenth of ingest's CPU. An index in the earlier text form
 * is not read: it is removed at open and rebuilt from the log.
 */
public final class GuidIndex implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuidIndex.class);

    /** A guid of UUID form, as 16 bytes. */
    private static final byte UUID_GUID = 'u';
    /** A guid of any other form, as UTF-8 text (events written to the log by something other than ingest). */
    private static final byte TEXT_GUID = 'g';
    private static final byte POSITION = 'p';
    private static final byte[] FORMAT_KEY = {'v'};
    private static final byte[] FORMAT = {2};
    /** Value kinds: fingerprint and token as raw bytes, or (when they have another form) as text. */
    private static final byte RAW = 0;
    private static final byte TEXT = 1;
    private static final HexFormat HEX = HexFormat.of();

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    /**
     * No write-ahead log: the index is a cache of the log, and RocksDB's memtable flushes keep what survives a crash
     * a prefix of the writes, so a position (written with, or after, the entries it covers) never runs ahead of an
     * entry that was lost; the follower reads the log again from the positions that survived, as it does for an
     * empty index. A clean close flushes everything. The log write was a sixth of the index's write cost.
     */
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);

    public GuidIndex(Path folder) {
        try {
            // Most lookups are of new guids, absent from the index: Bloom filters (on the files and on the memtable)
            // answer those without searching either.
            this.options = new Options().setCreateIfMissing(true)
                    .setCompressionType(CompressionType.NO_COMPRESSION)
                    .setMemtablePrefixBloomSizeRatio(0.05)
                    .setMemtableWholeKeyFiltering(true)
                    .setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig()
                            .setFilterPolicy(new org.rocksdb.BloomFilter(10)));
            this.db = openInCurrentFormat(options, folder);
        } catch (java.io.IOException | RocksDBException e) {
            throw new IllegalStateException("cannot open the guid index in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static RocksDB openInCurrentFormat(Options options, Path folder) throws java.io.IOException, RocksDBException {
        Files.createDirectories(folder);
        RocksDB opened = RocksDB.open(options, folder.toString());
        boolean hasEntries;
        try (RocksIterator it = opened.newIterator()) {
            it.seekToFirst();
            hasEntries = it.isValid();
        }
        if (!hasEntries || java.util.Arrays.equals(opened.get(FORMAT_KEY), FORMAT)) {
            opened.put(FORMAT_KEY, FORMAT);
            return opened;
        }
        log.info("the guid index in {} was written in an earlier format: removing it, it is rebuilt from the log",
                folder);
        opened.close();
        Folders.deleteRecursively(folder);
        Files.createDirectories(folder);
        RocksDB fresh = RocksDB.open(options, folder.toString());
        fresh.put(FORMAT_KEY, FORMAT);
        return fresh;
    }

    /**
     * An event's entry but for where it landed: ingest's writer has it made on the request's own thread, so that
     * the writer thread, which every event of every request passes through, only looks the key up and adds the
     * place; the follower makes it as it reads the log. {@code content} is the value but for partition and offset.
     */
    public record Entry(byte[] key, byte[] content) {
    }

    /** Where an entry's event landed once its transaction committed. */
    public record Placed(Entry entry, int partition, long offset) {
    }

    public static Entry entry(String guid, String fingerprint, String requestToken) {
        return new Entry(key(guid), content(fingerprint, requestToken));
    }

    public Optional<PriorWrite> find(String guid) {
        return find(key(guid));
    }

    public Optional<PriorWrite> find(Entry entry) {
        return find(entry.key());
    }

    private Optional<PriorWrite> find(byte[] key) {
        try {
            // Nearly every guid asked about is new. The memtable's and the files' Bloom filters tell "absent" for a
            // quarter to a half of the CPU a get that finds nothing costs (that get was a quarter of the writer
            // thread's CPU); a "maybe" still gets.
            if (!db.keyMayExist(key, null)) {
                return Optional.empty();
            }
            byte[] value = db.get(key);
            return value == null ? Optional.empty() : Optional.of(decode(value));
        } catch (RocksDBException e) {
            throw new IllegalStateException("guid index read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records where events landed and, in the same atomic write, how far into each partition the index now reaches
     * (empty when the events are this instance's own writes).
     */
    public void record(List<Placed> placed, Map<Integer, Long> nextOffsets) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Placed write : placed) {
                batch.put(write.entry().key(), value(write.partition(), write.offset(), write.entry().content()));
            }
            for (Map.Entry<Integer, Long> position : nextOffsets.entrySet()) {
                batch.put(ByteBuffer.allocate(5).put(POSITION).putInt(position.getKey()).array(),
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

    static byte[] key(String guid) {
        UUID uuid = uuidOrNull(guid);
        if (uuid != null) {
            return ByteBuffer.allocate(17).put(UUID_GUID).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
        }
        byte[] text = guid.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put(TEXT_GUID).put(text).array();
    }

    /** The stored value of a write: what an entry placed at the write's partition and offset gets. */
    static byte[] encode(PriorWrite write) {
        return value(write.partition(), write.offset(), content(write.fingerprint(), write.requestToken()));
    }

    private static byte[] value(int partition, long offset, byte[] content) {
        return ByteBuffer.allocate(12 + content.length).putInt(partition).putLong(offset).put(content).array();
    }

    /** The value after partition and offset: its kind, then fingerprint and token as bytes, or as text. */
    private static byte[] content(String fingerprint, String requestToken) {
        UUID token = uuidOrNull(requestToken);
        byte[] sha = token == null ? null : lowerHexOrNull(fingerprint, 32);
        if (sha != null) {
            return ByteBuffer.allocate(1 + 32 + 16).put(RAW).put(sha)
                    .putLong(token.getMostSignificantBits()).putLong(token.getLeastSignificantBits()).array();
        }
        byte[] fingerprintText = fingerprint.getBytes(StandardCharsets.US_ASCII);
        byte[] tokenText = requestToken.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(3 + fingerprintText.length + tokenText.length).put(TEXT)
                .putShort((short) fingerprintText.length).put(fingerprintText).put(tokenText).array();
    }

    static PriorWrite decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        int partition = buffer.getInt();
        long offset = buffer.getLong();
        if (buffer.get() == RAW) {
            byte[] fingerprint = new byte[32];
            buffer.get(fingerprint);
            return new PriorWrite(partition, offset, HEX.formatHex(fingerprint),
                    new UUID(buffer.getLong(), buffer.getLong()).toString());
        }
        int fingerprintLength = buffer.getShort();
        return new PriorWrite(partition, offset, new String(value, 15, fingerprintLength, StandardCharsets.US_ASCII),
                new String(value, 15 + fingerprintLength, value.length - 15 - fingerprintLength,
                        StandardCharsets.US_ASCII));
    }

    /**
     * The UUID {@code text} spells in canonical form (lower-case hex, 8-4-4-4-12), or null: only that form is stored
     * as bytes, so that two guids differing in case stay two guids, as they always were. Read by hand, without the
     * two allocations and second pass of {@code UUID.fromString} and {@code toString}: this runs for every event.
     */
    static UUID uuidOrNull(String text) {
        if (text.length() != 36) {
            return null;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = lowerHexDigit(c);
            if (digit < 0) {
                return null;
            }
            if (i < 18) {
                high = high << 4 | digit;
            } else {
                low = low << 4 | digit;
            }
        }
        return new UUID(high, low);
    }

    /**
     * The bytes {@code text} spells in lower-case hex, if it spells {@code size} of them so, else null. One pass: a
     * check followed by {@code HexFormat.parseHex} read every fingerprint twice, on every request thread.
     */
    static byte[] lowerHexOrNull(String text, int size) {
        if (text.length() != 2 * size) {
            return null;
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            int high = lowerHexDigit(text.charAt(2 * i));
            int low = lowerHexDigit(text.charAt(2 * i + 1));
            if ((high | low) < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static int lowerHexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    @Override
    public void close() {
        db.close();
        options.close();
        writeOptions.close();
    }
}
