package io.veritrail.service.guids;

import io.veritrail.service.concurrent.BackgroundThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealed part of a guid index: immutable files of guid entries sorted by guid, memory-mapped for lookups, as
 * Kafka keeps its offset indexes. Each file holds the merged guid runs {@code firstRun..lastRun} of its owner in the
 * runs' own layout ({@link GuidRuns}: {@code fields} longs an entry) behind a header and, if the owner asked for one,
 * a {@link GuidFilter} of its guids (for owners whose lookups mostly miss).
 *
 * <p>Writing a file is a merge and a sequential write, about a quarter of a microsecond a guid; a RocksDB table
 * file built entry by entry through JNI cost more than twice that, and its compaction more again. Files are merged
 * in tiers, ten files of one level into one of the next, on a thread of their own, so that a lookup searches a few
 * dozen files at most; a merged file is never larger than {@value #MAX_MERGED_BYTES} bytes (what one mapping holds
 * comfortably): where ten do not fit, as many of the oldest as fit are merged, and files that full simply accumulate,
 * each a binary search of about 25 steps (ingest's index: 13 million guids a file, so a filter probe per 13 million
 * guids for each new guid).
 *
 * <p>Crash safety: a file is written under a temporary name, forced to disk, then renamed; only then may its owner
 * drop the runs it holds, or are its inputs deleted. At open, temporary files are removed, and so is any file whose runs
 * another file covers (the inputs of a merge that was renamed before they were deleted).
 */
public final class GuidSegments implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuidSegments.class);

    static final int MERGE_WIDTH = 10;
    static final long MAX_MERGED_BYTES = 1L << 30;
    private final long maxMergedBytes;
    /**
     * "VTGUID02", the header's first long: then the entry count, the runs, the longs an entry and the filter's size
     * (the count goes in last). "VTGUID01" files, written by integrity before filters, have four longs of header
     * (magic, count, runs), four-long entries and no filter; they are still read.
     */
    private static final long MAGIC = 0x565447554944_3032L;
    private static final long MAGIC_V1 = 0x565447554944_3031L;
    private static final int HEADER_LONGS = 8;
    private static final int HEADER_LONGS_V1 = 4;
    private static final Pattern NAME = Pattern.compile("L(\\d)-(\\d{19})-(\\d{19})\\.guids");

    /**
     * One file: its level (0 for a seal, n + 1 for a merge of level-n files), the runs it holds, its entries and its
     * guid filter (empty if none).
     */
    public record Segment(int level, long firstRun, long lastRun, Path file, int fields, LongBuffer entries,
                          LongBuffer filter) {
        public long count() {
            return entries.limit() / fields;
        }

        boolean covers(Segment other) {
            return this != other && firstRun <= other.firstRun && other.lastRun <= lastRun;
        }
    }

    private final Path dir;
    private final int fields;
    private final boolean filtered;
    /** Oldest first; replaced whole, so that readers see a consistent list without locking. */
    private volatile List<Segment> segments;
    private final BackgroundThread merger;

    private GuidSegments(Path dir, int fields, boolean filtered, String owner, long maxMergedBytes,
                         List<Segment> segments) {
        this.dir = dir;
        this.maxMergedBytes = maxMergedBytes;
        this.fields = fields;
        this.filtered = filtered;
        this.merger = new BackgroundThread(owner + "-guid-merger");
        this.segments = List.copyOf(segments);
    }

    /**
     * Opens (or creates) the files in {@code dir}, of entries of {@code fields} longs, with a guid filter in each new
     * file if {@code filtered}; {@code owner} names the merging thread.
     */
    public static GuidSegments open(Path dir, int fields, boolean filtered, String owner) {
        return open(dir, fields, filtered, owner, MAX_MERGED_BYTES);
    }

    /** {@link #open(Path, int, boolean, String)} with merged files capped at {@code maxMergedBytes} (tests). */
    static GuidSegments open(Path dir, int fields, boolean filtered, String owner, long maxMergedBytes) {
        try {
            Files.createDirectories(dir);
            List<Segment> found = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Matcher name = NAME.matcher(file.getFileName().toString());
                    if (name.matches()) {
                        found.add(map(Integer.parseInt(name.group(1)), Long.parseLong(name.group(2)),
                                Long.parseLong(name.group(3)), file, fields));
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
            GuidSegments opened = new GuidSegments(dir, fields, filtered, owner, maxMergedBytes, kept);
            opened.merger.execute(opened::mergeWhileNeeded);
            return opened;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the guid index files in " + dir, e);
        }
    }

    /** The last run sealed into a file, or -1: runs up to it are in files and need not be kept elsewhere. */
    public long lastSealedRun() {
        List<Segment> now = segments;
        return now.isEmpty() ? -1 : now.getLast().lastRun();
    }

    /**
     * Copies the guid's entry into {@code entry} and says true, or says false if no file has the guid; the newest
     * file that has it wins, as the newest run does.
     */
    public boolean find(long high, long low, long[] entry) {
        return findInFilesAfter(-1, high, low, entry);
    }

    /**
     * {@link #find} in the files that hold a run after {@code run} only: those a lookup that saw the files up to
     * {@code run} ({@link #lastSealedRun()} read before it) did not search, which are all newer than the ones it did.
     * So a lookup made early, off a busy thread, is completed later by this one.
     */
    public boolean findInFilesAfter(long run, long high, long low, long[] entry) {
        List<Segment> now = segments;
        for (int i = now.size() - 1; i >= 0; i--) {
            Segment segment = now.get(i);
            if (segment.lastRun() <= run || !GuidFilter.mayContain(segment.filter(), high, low)) {
                continue;
            }
            int at = GuidRuns.find(segment.entries(), fields, high, low);
            if (at >= 0) {
                segment.entries().get(at, entry, 0, fields);
                return true;
            }
        }
        return false;
    }

    /** Files now (tests and diagnostics). */
    public List<Segment> segments() {
        return segments;
    }

    /**
     * Writes the runs {@code firstRun..lastRun} (oldest first) as one level-0 file, durable before this returns, and
     * has the files merged in the background when a level is full.
     */
    public void seal(List<long[]> runs, long firstRun, long lastRun) {
        Segment sealed = write(0, firstRun, lastRun, runs.stream().mapToLong(run -> run.length).sum(),
                sink -> GuidRuns.merge(runs, fields, sink));
        synchronized (this) {
            List<Segment> next = new ArrayList<>(segments);
            next.add(sealed);
            segments = List.copyOf(next);
        }
        merger.execute(this::mergeWhileNeeded);
    }

    /**
     * Merges the oldest files of a level (up to {@value #MERGE_WIDTH}, as many as fit one file) into one of the next,
     * while some level has {@value #MERGE_WIDTH} files.
     */
    private void mergeWhileNeeded() {
        try {
            List<Segment> inputs;
            while (!(inputs = nextMerge()).isEmpty()) {
                long started = System.nanoTime();
                long longs = inputs.stream().mapToLong(segment -> segment.entries().limit()).sum();
                List<LongBuffer> entries = inputs.stream().map(Segment::entries).toList();
                Segment merged = write(inputs.getFirst().level() + 1, inputs.getFirst().firstRun(),
                        inputs.getLast().lastRun(), longs, sink -> GuidRuns.mergeBuffers(entries, fields, sink));
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
                // As many of the oldest as fit one file: at least two, or the level's files stay as they are.
                int take = 0;
                long entryLongs = 0;
                while (take < MERGE_WIDTH && bytesFor(entryLongs + atLevel.get(take).entries().limit()) <= maxMergedBytes) {
                    entryLongs += atLevel.get(take++).entries().limit();
                }
                if (take >= 2) {
                    return atLevel.subList(0, take);
                }
            }
        }
        return List.of();
    }

    /** The size of a file of that many longs of entries, header and filter included. */
    private long bytesFor(long entryLongs) {
        return 8 * (HEADER_LONGS + entryLongs + (filtered ? GuidFilter.longsFor(entryLongs / fields) : 0));
    }

    /** Something that hands sorted entries to a sink. */
    @FunctionalInterface
    private interface Entries {
        void writeTo(GuidRuns.EntrySink sink);
    }

    /**
     * Writes a file of at most {@code longs} longs of entries, forces it to disk, renames it into place, maps it. The
     * filter, sized for that many entries, is set through a mapping of its region while the entries stream behind it.
     */
    private Segment write(int level, long firstRun, long lastRun, long longs, Entries entries) {
        Path file = dir.resolve(String.format("L%d-%019d-%019d.guids", level, firstRun, lastRun));
        Path temporary = dir.resolve(file.getFileName() + ".tmp");
        long filterLongs = filtered ? GuidFilter.longsFor(longs / fields) : 0;
        if (8 * (HEADER_LONGS + filterLongs + longs) > Integer.MAX_VALUE) {
            throw new IllegalStateException("a guid index file of " + longs / fields + " entries is too large");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            MappedByteBuffer filterRegion = channel.map(FileChannel.MapMode.READ_WRITE, 8L * HEADER_LONGS,
                    8 * filterLongs);
            LongBuffer filter = filterRegion.asLongBuffer();
            channel.position(8 * (HEADER_LONGS + filterLongs));
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long[] count = new long[1];
            entries.writeTo((run, at) -> {
                if (buffer.remaining() < 8 * fields) {
                    drain(buffer, channel);
                }
                for (int i = 0; i < fields; i++) {
                    buffer.putLong(run.get(at + i));
                }
                if (filtered) {
                    GuidFilter.add(filter, run.get(at), run.get(at + 1));
                }
                count[0]++;
            });
            drain(buffer, channel);
            filterRegion.force();
            // The count goes in last: a file cut short by a crash never claims entries it does not have.
            channel.write(ByteBuffer.allocate(8 * HEADER_LONGS).putLong(MAGIC).putLong(count[0]).putLong(firstRun)
                    .putLong(lastRun).putLong(fields).putLong(filterLongs).flip(), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the guid index file " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
            return map(level, firstRun, lastRun, file, fields);
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

    private static Segment map(int level, long firstRun, long lastRun, Path file, int fields) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            LongBuffer longs = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).asLongBuffer();
            long magic = size >= 8 * HEADER_LONGS_V1 ? longs.get(0) : 0;
            if (magic == MAGIC_V1 && fields == 4 && size == 8 * (HEADER_LONGS_V1 + 4 * longs.get(1))) {
                return new Segment(level, firstRun, lastRun, file, fields,
                        longs.position(HEADER_LONGS_V1).slice(), LongBuffer.allocate(0));
            }
            if (magic != MAGIC || size < 8 * HEADER_LONGS || longs.get(4) != fields
                    || size != 8 * (HEADER_LONGS + longs.get(5) + fields * longs.get(1))) {
                throw new IOException("not a complete guid index file of " + fields + "-long entries: " + file);
            }
            int filterLongs = (int) longs.get(5);
            LongBuffer filter = longs.slice(HEADER_LONGS, filterLongs);
            return new Segment(level, firstRun, lastRun, file, fields,
                    longs.slice(HEADER_LONGS + filterLongs, longs.limit() - HEADER_LONGS - filterLongs), filter);
        }
    }

    @Override
    public void close() {
        // A merge stopped half way leaves a temporary file, removed at the next open.
        merger.stopNow(Duration.ofSeconds(10));
    }
}
