package io.veritrail.integrity.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.integrity.store.IntegrityStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service audits the log on a schedule, with its own stored leaf hashes at hand so an altered record is
 * named by its offset. Findings are logged and counted in {@code veritrail_integrity_audit_findings}.
 */
public final class PeriodicAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicAudit.class);

    private final LogAuditor auditor;
    private final Duration every;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "integrity-audit");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong findings = new AtomicLong();
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();

    public PeriodicAudit(String bootstrapServers, String verifierKey, IntegrityStore store, Duration every,
                         MeterRegistry metrics) {
        this.auditor = new LogAuditor(bootstrapServers, verifierKey,
                partition -> leaf -> storedLeaf(store, partition, leaf));
        this.every = every;
        Gauge.builder("veritrail.integrity.audit.findings", findings, AtomicLong::get)
                .description("problems the last audit found (0 = the log matches every checkpoint)").register(metrics);
        Gauge.builder("veritrail.integrity.audit.last.run", lastRunEpochSeconds, AtomicLong::get)
                .description("when the last audit finished, epoch seconds").register(metrics);
    }

    private static byte[] storedLeaf(IntegrityStore store, int partition, long leaf) {
        byte[] tile = store.tile(partition, 0, leaf / 256);
        int at = (int) (leaf % 256);
        return tile.length >= (at + 1) * 32 ? Arrays.copyOfRange(tile, at * 32, (at + 1) * 32) : null;
    }

    public PeriodicAudit start() {
        scheduler.scheduleWithFixedDelay(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public AuditReport runOnce() {
        try {
            AuditReport report = auditor.run(line -> log.debug("audit: {}", line));
            findings.set(report.findings().size());
            lastRunEpochSeconds.set(System.currentTimeMillis() / 1000);
            if (report.clean()) {
                log.info("audit clean: {} records, {} checkpoints compared",
                        report.recordsPerPartition().values().stream().mapToLong(Long::longValue).sum(),
                        report.checkpointsChecked());
            } else {
                report.findings().forEach(f -> log.error("audit: {}", f));
            }
            return report;
        } catch (RuntimeException e) {
            log.warn("audit could not run: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
