package io.veritrail.ingest.dedupe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries of the guid index that do not fit {@link EntryLayout}: records written to the log by something other than
 * ingest, with a guid that is not a canonical UUID or headers of another form. They are rare, so they are all held in
 * memory and kept in an append-only file, read whole at open. Not thread-safe: its owner locks.
 *
 * <p>A record of the file: its length (an int), then the guid, the fingerprint and the token (each an int length and
 * UTF-8), the partition and the offset. A crash can cut the last record short: it is cut off at open (the log is read
 * again from the positions the index had saved, which never run ahead of what was forced here).
 */
final class OtherGuids implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OtherGuids.class);

    private final Map<String, PriorWrite> writes = new HashMap<>();
    private final FileChannel file;

    private OtherGuids(FileChannel file) {
        this.file = file;
    }

    static OtherGuids open(Path path) {
        try {
            FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            OtherGuids opened = new OtherGuids(file);
            long whole = opened.readAll();
            if (whole < file.size()) {
                log.info("{}: the last entry was cut short ({} of {} bytes read whole); dropping the rest", path,
                        whole, file.size());
                file.truncate(whole);
            }
            file.position(whole);
            return opened;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the guid index's file " + path, e);
        }
    }

    /** Reads every whole record into memory; the number of bytes they take. */
    private long readAll() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) file.size());
        while (bytes.hasRemaining() && file.read(bytes, bytes.position()) > 0) {
            // Positional reads until the buffer is full.
        }
        bytes.flip();
        int whole = 0;
        while (bytes.remaining() >= 4) {
            int length = bytes.getInt();
            if (length < 0 || bytes.remaining() < length) {
                break;
            }
            ByteBuffer record = bytes.slice(bytes.position(), length);
            bytes.position(bytes.position() + length);
            try {
                String guid = text(record);
                String fingerprint = text(record);
                String token = text(record);
                writes.put(guid, new PriorWrite(record.getInt(), record.getLong(), fingerprint, token));
            } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
                // Zeroes where a record was being appended (a file system may extend a file before its data lands).
                break;
            }
            whole = bytes.position();
        }
        return whole;
    }

    Optional<PriorWrite> find(String guid) {
        return writes.isEmpty() ? Optional.empty() : Optional.ofNullable(writes.get(guid));
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Keeps the write in memory and appends it to the file (forced by {@link #force}). */
    void put(String guid, PriorWrite write) {
        writes.put(guid, write);
        byte[] guidBytes = guid.getBytes(StandardCharsets.UTF_8);
        byte[] fingerprint = write.fingerprint().getBytes(StandardCharsets.UTF_8);
        byte[] token = write.requestToken().getBytes(StandardCharsets.UTF_8);
        int length = 12 + guidBytes.length + fingerprint.length + token.length + 12;
        ByteBuffer record = ByteBuffer.allocate(4 + length).putInt(length)
                .putInt(guidBytes.length).put(guidBytes).putInt(fingerprint.length).put(fingerprint)
                .putInt(token.length).put(token).putInt(write.partition()).putLong(write.offset()).flip();
        try {
            while (record.hasRemaining()) {
                file.write(record);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to the guid index's file of other guids", e);
        }
    }

    /** Everything appended so far on disk. */
    void force() {
        try {
            file.force(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot force the guid index's file of other guids to disk", e);
        }
    }

    private static String text(ByteBuffer record) {
        byte[] bytes = new byte[record.getInt()];
        record.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("closing the file of other guids: {}", e.toString());
        }
    }
}
