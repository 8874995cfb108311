package io.veritrail.bench.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads events through {@code POST /v1/events/batch} from several concurrent clients, each sending its batches
 * one after another on its own kept-alive connection ({@link KeepAliveConnection}). Bodies are built before the
 * clock starts, so the figure is ingest's, not the generator's. Each client first sends its share of the warm-up events unmeasured; the clock starts when all of them have,
 * as Kafka's ProducerPerformance leaves its {@code --warmup-records} out of its steady-state figures.
 */
public final class IngestLoad {
    /**
     * {@code events} and the rates count the measured events; {@code written} also the warm-up ones;
     * {@code busyCores} is how many of the machine's cores were busy over the measured part (empty off Linux).
     */
    public record Figures(long events, long written, double seconds, double eventsPerSecond, double p50Millis,
                          double p99Millis, Optional<Double> busyCores) {
    }

    public static Figures run(String ingestUrl, SyntheticEvents events, int clients, int batchSize, int warmupEvents)
            throws Exception {
        List<List<byte[]>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            perClient.add(events.batchesFor(c, clients, batchSize));
        }
        int warmupBatches = (int) Math.ceil(warmupEvents / (double) clients / batchSize);
        Latencies latencies = new Latencies();
        AtomicLong accepted = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong began = new AtomicLong();
        AtomicReference<Optional<MachineLoad.Mark>> load = new AtomicReference<>(Optional.empty());
        CyclicBarrier warm = new CyclicBarrier(clients, () -> {
            load.set(MachineLoad.now());
            began.set(System.nanoTime());
        });
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<byte[]> batches : perClient) {
                // Every client measures at least its last batch, however small the run.
                int warmup = Math.max(0, Math.min(warmupBatches, batches.size() - 1));
                done.add(pool.submit(() -> {
                    try (KeepAliveConnection http = new KeepAliveConnection(URI.create(ingestUrl))) {
                        sendAll(http, batches, warmup, warm, latencies, written, accepted);
                    }
                    if (batches.isEmpty()) {
                        warm.await();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - began.get()) / 1e9;
        Optional<Double> busy = MachineLoad.busyCoresSince(load.get());
        return new Figures(accepted.get(), written.get(), seconds, accepted.get() / seconds, latencies.percentileMillis(50),
                latencies.percentileMillis(99), busy);
    }

    /** One client's batches, one after another; the batch at {@code warmup} waits for every client's warm-up. */
    private static void sendAll(KeepAliveConnection http, List<byte[]> batches, int warmup, CyclicBarrier warm,
                                Latencies latencies, AtomicLong written, AtomicLong accepted) throws Exception {
        for (int i = 0; i < batches.size(); i++) {
            if (i == warmup) {
                warm.await();
            }
            long sent = System.nanoTime();
            KeepAliveConnection.Response response = http.post("/v1/events/batch", "application/json", batches.get(i));
            String body = response.text();
            if (response.status() != 200 || !body.contains("\"rejected\":0")) {
                throw new IllegalStateException("batch not fully accepted: " + response.status() + " "
                        + body.substring(0, Math.min(500, body.length())));
            }
            long count = countAccepted(body);
            written.addAndGet(count);
            if (i >= warmup) {
                latencies.record(System.nanoTime() - sent);
                accepted.addAndGet(count);
            }
        }
    }

    private static long countAccepted(String body) {
        int at = body.indexOf("\"accepted\":");
        int end = body.indexOf(',', at);
        return Long.parseLong(body.substring(at + 11, end).trim());
    }
}
