package io.veritrail.cli;

import io.veritrail.integrity.audit.AuditReport;
import io.veritrail.integrity.audit.LogAuditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, description = {
        "Re-reads every partition of the event log from its start, recomputes its Merkle tree and compares it with",
        "every signed checkpoint ever published. Names the partition and offsets of anything deleted, altered or",
        "missing. Exit code 0 when the log matches, 2 when something was found."})
final class AuditCommand implements Callable<Integer> {
    @Option(names = "--kafka", defaultValue = "${env:VERITRAIL_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka (${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--key", description = "Verifier key of the checkpoints (name+id+key or @FILE); default: "
            + "asked of the integrity service.")
    String key;

    @picocli.CommandLine.Mixin
    IntegrityClient integrity = new IntegrityClient();

    @Override
    public Integer call() throws Exception {
        String verifierKey = key != null ? VerifyCommand.key(key) : integrity.verifierKey();
        System.err.println("auditing " + kafka + " against checkpoints signed by " + verifierKey);
        AuditReport report = new LogAuditor(kafka, verifierKey, null).run(line -> System.err.println("  " + line));
        long records = report.recordsPerPartition().values().stream().mapToLong(Long::longValue).sum();
        if (report.clean()) {
            System.out.printf("CLEAN: %,d records in %d partitions match %d signed checkpoints%n", records,
                    report.recordsPerPartition().size(), report.checkpointsChecked());
            return 0;
        }
        report.findings().forEach(f -> System.out.println("FOUND " + f));
        System.out.printf("NOT CLEAN: %d finding(s) over %,d records%n", report.findings().size(), records);
        return 2;
    }
}
