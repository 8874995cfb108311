package io.veritrail.integrity.audit;

import java.util.List;
import java.util.Map;

/** What an audit checked and found. Clean means no finding. */
public record AuditReport(Map<Integer, Long> recordsPerPartition, int checkpointsChecked, List<Finding> findings) {
    public AuditReport {
        recordsPerPartition = Map.copyOf(recordsPerPartition);
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
