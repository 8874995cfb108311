package io.veritrail.integrity.store;

import io.veritrail.service.concurrent.BackgroundThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealed part of the guid index: immutable files of guid entries sorted by guid, memory-mapped for lookups, as
 * Kafka keeps its offset indexes. Each file holds the merged guid runs {@code firstRun..lastRun} of the store in the
 * runs' own layout ({@link GuidRuns}: four longs an entry) behind a header of the same size.
 *
 * <p>Writing a file is a merge and a sequential write, about a quarter of a microsecond a guid; a RocksDB table
 * file built entry by entry through JNI cost more than twice that, and its compaction more again. Files are merged
 * in tiers, ten files of one level into one of the next, on a thread of their own, so that a lookup searches a few
 * dozen files at most; a merged file is never larger than {@value #MAX_MERGED_BYTES} bytes (what one mapping holds
 * comfortably), so the biggest files simply accumulate, each a binary search of about 25 steps.
 *
 * <p>Crash safety: a file is written under a temporary name, forced to disk, then renamed; only then are its runs
 * dropped from RocksDB or its inputs deleted. At open, temporary files are removed, and so is any file whose runs
 * another file covers (the inputs of a merge that was renamed before they were deleted).
 */
final class GuidSegments implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuidSegments.class);

    static final int MERGE_WIDTH = 10;
    static final long MAX_MERGED_BYTES = 1L << 30;
    /** "VTGUID01": what a segment file starts with. */
    private static final long MAGIC = 0x565447554944_3031L;
    private static final int HEADER_LONGS = GuidRuns.FIELDS;
    private static final Pattern NAME = Pattern.compile("L(\\d)-(\\d{19})-(\\d{19})\\.guids");

    /** One file: its level (0 for a seal, n + 1 for a merge of level-n files), the runs it holds, its entries. */
    record Segment(int level, long firstRun, long lastRun, Path file, LongBuffer entries) {
        long count() {
            return entries.limit() / GuidRuns.FIELDS;
        }

        boolean covers(Segment other) {
            return this != other && firstRun <= other.firstRun && other.lastRun <= lastRun;
        }
    }

    private final Path dir;
    /** Oldest first; replaced whole, so that readers see a consistent list without locking. */
    private volatile List<Segment> segments;
    private final BackgroundThread merger = new BackgroundThread("integrity-guid-merger");

    private GuidSegments(Path dir, List<Segment> segments) {
        this.dir = dir;
        this.segments = List.copyOf(segments);
    }

    static GuidSegments open(Path dir) {
        try {
            Files.createDirectories(dir);
            List<Segment> found = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Matcher name = NAME.matcher(file.getFileName().toString());
                    if (name.matches()) {
                        found.add(map(Integer.parseInt(name.group(1)), Long.parseLong(name.group(2)),
                                Long.parseLong(name.group(3)), file));
                    } else if (file.getFileName().toString().endsWith(".tmp")) {
                        Files.delete(file);
                    }
                }
            }
            List<Segment> kept = new ArrayList<>();
            for (Segment segment : found) {
                if (found.stream().anyMatch(other -> other.covers(segment) && !segment.covers(other))) {
                    log.info("removing {}: a merged guid file covers its runs", segment.file().getFileName());
                    Files.delete(segment.file());
                } else {
                    kept.add(segment);
                }
            }
            kept.sort(Comparator.comparingLong(Segment::firstRun));
            GuidSegments opened = new GuidSegments(dir, kept);
            opened.merger.execute(opened::mergeWhileNeeded);
            return opened;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the guid index files in " + dir, e);
        }
    }

    /** The last run sealed into a file, or -1: runs up to it are in files and need not be kept elsewhere. */
    long lastSealedRun() {
        List<Segment> now = segments;
        return now.isEmpty() ? -1 : now.getLast().lastRun();
    }

    /** Where the guid is; the newest file that has it wins, as the newest run does. */
    Optional<IntegrityStore.Location> find(long high, long low) {
        List<Segment> now = segments;
        for (int i = now.size() - 1; i >= 0; i--) {
            Optional<IntegrityStore.Location> found = GuidRuns.find(now.get(i).entries(), high, low);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Files now (tests and diagnostics). */
    List<Segment> segments() {
        return segments;
    }

    /**
     * Writes the runs {@code firstRun..lastRun} (oldest first) as one level-0 file, durable before this returns, and
     * has the files merged in the background when a level is full.
     */
    void seal(List<long[]> runs, long firstRun, long lastRun) {
        Segment sealed = write(0, firstRun, lastRun, runs.stream().mapToLong(run -> run.length).sum(),
                sink -> GuidRuns.merge(runs, sink));
        synchronized (this) {
            List<Segment> next = new ArrayList<>(segments);
            next.add(sealed);
            segments = List.copyOf(next);
        }
        merger.execute(this::mergeWhileNeeded);
    }

    /** Merges the oldest {@value #MERGE_WIDTH} files of a level into one of the next, while some level has that many. */
    private void mergeWhileNeeded() {
        try {
            List<Segment> inputs;
            while (!(inputs = nextMerge()).isEmpty()) {
                long started = System.nanoTime();
                long longs = inputs.stream().mapToLong(segment -> segment.entries().limit()).sum();
                List<LongBuffer> entries = inputs.stream().map(Segment::entries).toList();
                Segment merged = write(inputs.getFirst().level() + 1, inputs.getFirst().firstRun(),
                        inputs.getLast().lastRun(), longs, sink -> GuidRuns.mergeBuffers(entries, sink));
                synchronized (this) {
                    List<Segment> next = new ArrayList<>(segments);
                    int at = next.indexOf(inputs.getFirst());
                    next.removeAll(inputs);
                    next.add(at, merged);
                    segments = List.copyOf(next);
                }
                for (Segment input : inputs) {
                    Files.delete(input.file());
                }
                log.info("{} guid files of level {} merged into one of {} guids in {} ms", inputs.size(),
                        inputs.getFirst().level(), merged.count(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("a merge of guid index files was stopped by the store closing; the next start redoes it");
                return;
            }
            // Lookups stay right with unmerged files, only slower; the next seal tries again.
            log.warn("merging guid index files failed; lookups search the unmerged files", e);
        }
    }

    /** The oldest files of the lowest full level whose merge fits one file, or none. */
    private List<Segment> nextMerge() {
        List<Segment> now = segments;
        for (int level = 0; level <= 9; level++) {
            int lvl = level;
            List<Segment> atLevel = now.stream().filter(segment -> segment.level() == lvl).toList();
            if (atLevel.size() >= MERGE_WIDTH) {
                List<Segment> oldest = atLevel.subList(0, MERGE_WIDTH);
                long bytes = 8 * (HEADER_LONGS + oldest.stream().mapToLong(segment -> segment.entries().limit()).sum());
                if (bytes <= MAX_MERGED_BYTES) {
                    return oldest;
                }
            }
        }
        return List.of();
    }

    /** Something that hands sorted entries to a sink. */
    @FunctionalInterface
    private interface Entries {
        void writeTo(GuidRuns.EntrySink sink);
    }

    /** Writes a file of at most {@code longs} longs of entries, forces it to disk, renames it into place, maps it. */
    private Segment write(int level, long firstRun, long lastRun, long longs, Entries entries) {
        Path file = dir.resolve(String.format("L%d-%019d-%019d.guids", level, firstRun, lastRun));
        Path temporary = dir.resolve(file.getFileName() + ".tmp");
        if (8 * (HEADER_LONGS + longs) > Integer.MAX_VALUE) {
            throw new IllegalStateException("a guid index file of " + longs / GuidRuns.FIELDS + " entries is too large");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            buffer.putLong(MAGIC).putLong(0).putLong(firstRun).putLong(lastRun);
            long[] count = new long[1];
            entries.writeTo((high, low, partition, offset) -> {
                if (buffer.remaining() < 8 * GuidRuns.FIELDS) {
                    drain(buffer, channel);
                }
                buffer.putLong(high).putLong(low).putLong(partition).putLong(offset);
                count[0]++;
            });
            drain(buffer, channel);
            // The count goes in last: a file cut short by a crash never claims entries it does not have.
            channel.write(ByteBuffer.allocate(8).putLong(0, count[0]), 8);
            channel.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the guid index file " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
            return map(level, firstRun, lastRun, file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot put the guid index file " + file + " in place", e);
        }
    }

    /** The rename itself on disk, before the runs it replaces are dropped from RocksDB (which syncs its own files). */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Platforms that cannot open a folder as a channel (Windows) order the rename themselves.
        }
    }

    private static void drain(ByteBuffer buffer, FileChannel channel) {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a guid index file", e);
        }
        buffer.clear();
    }

    private static Segment map(int level, long firstRun, long lastRun, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            LongBuffer longs = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).asLongBuffer();
            if (size < 8 * HEADER_LONGS || longs.get(0) != MAGIC
                    || size != 8 * (HEADER_LONGS + GuidRuns.FIELDS * longs.get(1))) {
                throw new IOException("not a complete guid index file: " + file);
            }
            return new Segment(level, firstRun, lastRun, file, longs.position(HEADER_LONGS).slice());
        }
    }

    @Override
    public void close() {
        // A merge stopped half way leaves a temporary file, removed at the next open.
        merger.stopNow(Duration.ofSeconds(10));
    }
}
