package io.veritrail.bench.harness;

import java.nio.file.Path;

/**
 * The sizes of one benchmark run. {@code events} is the number of events loaded through ingest and then replayed
 * by the projector and the integrity service; the raw tools move the same number of records of the same size.
 */
public record BenchOptions(int events, int recordSize, int partitions, int eventsPerEntity, int batchSize,
                           int ingestClients, int endToEndSamples, int integrityOwnJvmRounds, Path home, Path workDir) {

    /**
     * Clients posting to ingest at once by default: the fewest that keep both cores busy. With four, a quarter of the
     * machine stayed idle while each batch waited for its transaction's commit; six were 10-20 % faster than four in
     * four alternating pairs (2026-12-03), eight no faster than six and with twice the p99.
     */
    public static final int DEFAULT_INGEST_CLIENTS = 6;

    /**
     * Events sent before the clock starts, both through ingest and by ProducerPerformance ({@code --warmup-records}):
     * a tenth of the run, so that both are compared after their JIT compilers have settled.
     */
    public int warmupEvents() {
        return events / 10;
    }

    public static BenchOptions full(Path home, Path workDir) {
        return new BenchOptions(1_000_000, 512, 6, 10, 500, DEFAULT_INGEST_CLIENTS, 300, 0, home, workDir);
    }

    public static BenchOptions quick(Path home, Path workDir) {
        return new BenchOptions(30_000, 512, 6, 10, 500, DEFAULT_INGEST_CLIENTS, 50, 0, home, workDir);
    }

    public BenchOptions withEvents(int n) {
        return new BenchOptions(n, recordSize, partitions, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                integrityOwnJvmRounds, home, workDir);
    }

    public BenchOptions withRecordSize(int bytes) {
        return new BenchOptions(events, bytes, partitions, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                integrityOwnJvmRounds, home, workDir);
    }

    public BenchOptions withIngestClients(int n) {
        return new BenchOptions(events, recordSize, partitions, eventsPerEntity, batchSize, n, endToEndSamples,
                integrityOwnJvmRounds, home, workDir);
    }

    public BenchOptions withPartitions(int n) {
        return new BenchOptions(events, recordSize, n, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                integrityOwnJvmRounds, home, workDir);
    }

    /** Rounds of the integrity service catching up in a JVM of its own ({@link IntegrityOwnJvm}); 0 for none. */
    public BenchOptions withIntegrityOwnJvmRounds(int n) {
        return new BenchOptions(events, recordSize, partitions, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                n, home, workDir);
    }
}
