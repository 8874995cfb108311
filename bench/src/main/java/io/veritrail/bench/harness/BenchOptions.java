package io.veritrail.bench.harness;

import java.nio.file.Path;

/**
 * The sizes of one benchmark run. {@code events} is the number of events loaded through ingest and then replayed
 * by the projector and the integrity service; the raw tools move the same number of records of the same size.
 */
public record BenchOptions(int events, int recordSize, int partitions, int eventsPerEntity, int batchSize,
                           int ingestClients, int endToEndSamples, Path home, Path workDir) {

    /**
     * Events sent before the clock starts, both through ingest and by ProducerPerformance ({@code --warmup-records}):
     * a tenth of the run, so that both are compared after their JIT compilers have settled.
     */
    public int warmupEvents() {
        return events / 10;
    }

    public static BenchOptions full(Path home, Path workDir) {
        return new BenchOptions(1_000_000, 512, 6, 10, 500, 4, 300, home, workDir);
    }

    public static BenchOptions quick(Path home, Path workDir) {
        return new BenchOptions(30_000, 512, 6, 10, 500, 4, 50, home, workDir);
    }

    public BenchOptions withEvents(int n) {
        return new BenchOptions(n, recordSize, partitions, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                home, workDir);
    }

    public BenchOptions withRecordSize(int bytes) {
        return new BenchOptions(events, bytes, partitions, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                home, workDir);
    }

    public BenchOptions withIngestClients(int n) {
        return new BenchOptions(events, recordSize, partitions, eventsPerEntity, batchSize, n, endToEndSamples,
                home, workDir);
    }

    public BenchOptions withPartitions(int n) {
        return new BenchOptions(events, recordSize, n, eventsPerEntity, batchSize, ingestClients, endToEndSamples,
                home, workDir);
    }
}
