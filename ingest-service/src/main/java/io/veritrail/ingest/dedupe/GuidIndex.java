package io.veritrail.ingest.dedupe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.veritrail.service.concurrent.BackgroundThread;
import io.veritrail.service.files.Folders;
import io.veritrail.service.guids.GuidSegments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event guid in the log, with where it was written: a local copy of what the {@code events} topic says. It is
 * a cache of the log, never the truth: deleting the folder only makes the next start read the log again. Also keeps,
 * per partition, the offset up to which it has read the log, so a restart resumes there.
 *
 * <p>Three parts. New entries go to a hash table in memory ({@link RecentGuids}); when it holds
 * {@code sealAt} entries it is handed whole to a thread that sorts it and writes it as one memory-mapped file of
 * sorted entries with a Bloom filter ({@link GuidSegments}, the files integrity keeps its guids in, merged in tiers
 * in the background). Entries of another form than ingest's own ({@link OtherGuids}) are kept apart. Every event
 * writes an entry and nearly every one asks about a guid the index does not have: in RocksDB a random insert and an
 * unsuccessful get cost ingest's writer thread 5-7 µs an event; here they are a probe of the table and of a filter per
 * file, and the sorting and writing a quarter of a microsecond on another thread.
 *
 * <p>Crash safety: the positions are saved (to {@code positions}, by a rename) only after the entries they cover are
 * on disk, so what a crash leaves is never behind its positions; the follower reads the log again from there, as it
 * does for an empty index, and the entries it finds present are the same ones. A clean close seals everything.
 */
public final class GuidIndex implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuidIndex.class);
    /** About 20 MB of entries in memory; a seal every few seconds at full speed. */
    static final int DEFAULT_SEAL_AT = 1 << 18;
    private static final long POSITIONS_MAGIC = 0x5654504F53_0001L;

    private final Path folder;
    private final int sealAt;
    private final GuidSegments sealed;
    private final OtherGuids others;
    private final BackgroundThread sealer = new BackgroundThread("ingest-guid-sealer");
    private RecentGuids recent = new RecentGuids(EntryLayout.FIELDS);
    /** Tables handed to the sealer and not yet in a file, oldest first; still searched. */
    private final List<RecentGuids> sealing = new ArrayList<>();
    private final Map<Integer, Long> positions;
    private long nextSeal;
    private volatile RuntimeException sealFailure;
    private final Timer sealTime;

    public GuidIndex(Path folder) {
        this(folder, new SimpleMeterRegistry());
    }

    /** @param metrics where the index reports its files, the entries held in memory and the time seals take */
    public GuidIndex(Path folder, MeterRegistry metrics) {
        this(folder, DEFAULT_SEAL_AT, metrics);
    }

    GuidIndex(Path folder, int sealAt, MeterRegistry metrics) {
        this.folder = folder;
        this.sealAt = sealAt;
        this.sealTime = Timer.builder("veritrail.ingest.guid.index.seal")
                .description("time to sort a full table of new guids and write it as a file of the guid index")
                .register(metrics);
        Gauge.builder("veritrail.ingest.guid.index.files", this, index -> index.sealedFiles().size())
                .description("files of the guid index (merged in tiers in the background)").register(metrics);
        Gauge.builder("veritrail.ingest.guid.index.unsealed", this, GuidIndex::unsealed)
                .description("guid index entries held in memory, not yet in a file").register(metrics);
        try {
            removeEarlierFormat(folder);
            Files.createDirectories(folder);
            this.sealed = openSealedOrStartOver(folder);
            this.others = OtherGuids.open(folder.resolve("other-guids"));
            this.positions = readPositions(folder.resolve("positions"));
            this.nextSeal = sealed.lastSealedRun() + 1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the guid index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The sealed files, or, if they cannot be read as this version's (another entry layout, a damaged file), none:
     * the index is a cache of the log, so it starts over and the follower reads the log from the beginning, rather
     * than ingest refusing to start.
     */
    private static GuidSegments openSealedOrStartOver(Path folder) throws IOException {
        try {
            return GuidSegments.open(folder.resolve("sealed"), EntryLayout.FIELDS, true, "ingest");
        } catch (IllegalStateException e) {
            log.warn("the guid index in {} cannot be read ({}): removing it, it is rebuilt from the log", folder,
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            Folders.deleteRecursively(folder);
            Files.createDirectories(folder);
            return GuidSegments.open(folder.resolve("sealed"), EntryLayout.FIELDS, true, "ingest");
        }
    }

    /** Earlier versions kept the index in RocksDB; it is removed, and rebuilt from the log. */
    private static void removeEarlierFormat(Path folder) throws IOException {
        if (Files.exists(folder.resolve("CURRENT"))) {
            log.info("the guid index in {} was written in an earlier format: removing it, it is rebuilt from the log",
                    folder);
            Folders.deleteRecursively(folder);
        }
    }

    /**
     * An event's entry but for where it landed: ingest's writer has it made on the request's own thread, so that
     * the writer thread, which every event of every request passes through, only looks it up and adds the place; the
     * follower makes it as it reads the log. {@code layout} is the entry as {@link EntryLayout} keeps it, or null
     * when it has another form.
     */
    public record Entry(String guid, String fingerprint, String requestToken, long[] layout, FileLookup files) {
    }

    /**
     * What the sealed files held of an entry's guid when its request was read: the files up to run {@code
     * searchedThrough} were searched ({@code -1}: none), and {@code found} is what they had, or null.
     */
    public record FileLookup(long searchedThrough, PriorWrite found) {
        static final FileLookup NONE = new FileLookup(-1, null);
    }

    /** Where an entry's event landed once its transaction committed. */
    public record Placed(Entry entry, int partition, long offset) {
    }

    public static Entry entry(String guid, String fingerprint, String requestToken) {
        return new Entry(guid, fingerprint, requestToken, EntryLayout.entryOrNull(guid, fingerprint, requestToken),
                FileLookup.NONE);
    }

    /**
     * Makes the entries of one request's events on the request's own thread: its token read once rather than once
     * an event, and each guid already looked up in the sealed files. The files never change once written, so that
     * search needs no lock, and the one writer thread every event passes through is left only the files sealed
     * since (almost always none) and the entries in memory: the filter probes, a cache miss or more per file, were
     * a third of the writer thread's time.
     */
    public RequestEntries requestEntries(String requestToken) {
        // Read before any search: every run up to it is in the files the searches see (runs are sealed in order).
        return new RequestEntries(requestToken, EntryLayout.uuidOrNull(requestToken), sealed.lastSealedRun());
    }

    /** See {@link #requestEntries}. */
    public final class RequestEntries {
        private final String requestToken;
        private final java.util.UUID token;
        private final long filesThrough;

        private RequestEntries(String requestToken, java.util.UUID token, long filesThrough) {
            this.requestToken = requestToken;
            this.token = token;
            this.filesThrough = filesThrough;
        }

        public Entry entry(String guid, String fingerprint) {
            long[] layout = EntryLayout.entryOrNull(guid, fingerprint, requestToken, token);
            FileLookup files = FileLookup.NONE;
            if (layout != null && filesThrough >= 0) {
                long[] found = new long[EntryLayout.FIELDS];
                files = new FileLookup(filesThrough, sealed.find(layout[0], layout[1], found)
                        ? EntryLayout.priorWrite(found) : null);
            }
            return new Entry(guid, fingerprint, requestToken, layout, files);
        }
    }

    public Optional<PriorWrite> find(String guid) {
        return find(entry(guid, "", ""));
    }

    public synchronized Optional<PriorWrite> find(Entry entry) {
        long[] layout = entry.layout();
        if (layout != null) {
            long[] found = new long[EntryLayout.FIELDS];
            // Newest first: memory, then files sealed since the request's own search, then what that search found.
            if (recent.find(layout[0], layout[1], found) || inSealing(layout[0], layout[1], found)
                    || sealed.findInFilesAfter(entry.files().searchedThrough(), layout[0], layout[1], found)) {
                return Optional.of(EntryLayout.priorWrite(found));
            }
            if (entry.files().found() != null) {
                return Optional.of(entry.files().found());
            }
        }
        return others.find(entry.guid());
    }

    private boolean inSealing(long high, long low, long[] found) {
        for (int i = sealing.size() - 1; i >= 0; i--) {
            if (sealing.get(i).find(high, low, found)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records where events landed and how far into each partition the index now reaches. A position never moves
     * back: the follower, resuming, may report one the writer has already passed. Throws if an earlier seal failed:
     * a write the index cannot keep is refused.
     */
    public synchronized void record(List<Placed> placed, Map<Integer, Long> nextOffsets) {
        if (sealFailure != null) {
            throw new IllegalStateException("the guid index cannot write its files", sealFailure);
        }
        for (Placed write : placed) {
            Entry entry = write.entry();
            if (entry.layout() != null) {
                recent.put(entry.layout(), write.partition(), write.offset());
            } else {
                others.put(entry.guid(), new PriorWrite(write.partition(), write.offset(), entry.fingerprint(),
                        entry.requestToken()));
            }
        }
        nextOffsets.forEach((partition, next) -> positions.merge(partition, next, Math::max));
        if (recent.size() >= sealAt) {
            handToSealer();
        }
    }

    /** Per partition, the next offset of the log the index has not read yet. */
    public synchronized Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    /** The files sealed so far. */
    List<GuidSegments.Segment> sealedFiles() {
        return sealed.segments();
    }

    /** Entries in memory: the table taking new ones and those handed to the sealer. */
    synchronized int unsealed() {
        return recent.size() + sealing.stream().mapToInt(RecentGuids::size).sum();
    }

    /** Hands the table to the sealer with the positions it covers; a fresh table takes the next entries. */
    private void handToSealer() {
        RecentGuids full = recent;
        long number = nextSeal++;
        Map<Integer, Long> covered = Map.copyOf(positions);
        sealing.add(full);
        recent = new RecentGuids(EntryLayout.FIELDS);
        sealer.execute(() -> seal(full, number, covered));
    }

    private void seal(RecentGuids full, long number, Map<Integer, Long> covered) {
        if (sealFailure != null) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (full.size() > 0) {
                sealed.seal(List.of(full.sortedRun()), number, number);
            }
            synchronized (this) {
                if (!others.isEmpty()) {
                    others.force();
                }
            }
            writePositions(covered);
            synchronized (this) {
                sealing.remove(full);
            }
            sealTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            log.debug("{} guids sealed into the guid index in {} ms", full.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            sealFailure = e;
            log.error("sealing {} guids into the guid index failed; ingest refuses writes until restarted",
                    full.size(), e);
        }
    }

    /** Written under a temporary name, forced, renamed: the saved positions are the old ones or the new ones. */
    private void writePositions(Map<Integer, Long> covered) {
        Path file = folder.resolve("positions");
        Path temporary = folder.resolve("positions.tmp");
        ByteBuffer bytes = ByteBuffer.allocate(12 + 12 * covered.size()).putLong(POSITIONS_MAGIC)
                .putInt(covered.size());
        covered.forEach((partition, next) -> bytes.putInt(partition).putLong(next));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            bytes.flip();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the guid index's positions", e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot put the guid index's positions in place", e);
        }
    }

    private static Map<Integer, Long> readPositions(Path file) throws IOException {
        Map<Integer, Long> read = new HashMap<>();
        if (!Files.exists(file)) {
            return read;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        if (bytes.remaining() < 12 || bytes.getLong() != POSITIONS_MAGIC || bytes.remaining() != 4 + 12 * bytes.getInt(8)) {
            log.warn("the guid index's positions file {} is not one this version wrote: reading the log from the start",
                    file);
            return read;
        }
        for (int n = bytes.getInt(); n > 0; n--) {
            read.put(bytes.getInt(), bytes.getLong());
        }
        return read;
    }

    /** Seals what is in memory, so that the next start reads the log from here, not from the last seal. */
    @Override
    public void close() {
        synchronized (this) {
            if (sealFailure == null) {
                handToSealer();
            }
        }
        if (!sealer.finish(Duration.ofSeconds(60))) {
            log.warn("sealing the guid index did not finish within 60 s; the next start reads the log from the "
                    + "positions saved before");
        }
        sealed.close();
        others.close();
    }
}
