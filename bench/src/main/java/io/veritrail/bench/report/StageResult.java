package io.veritrail.bench.report;

import java.util.Map;

/**
 * One measured stage beside the raw tool it is compared with. For throughput, {@code ratio} is ours divided by
 * the raw tool's; for latency, the raw tool's divided by ours: either way 1.0 means "as fast as bare Kafka".
 */
public record StageResult(String stage, double value, String unit, String baseline, double baselineValue,
                          double ratio, Map<String, Object> details) {
    public StageResult {
        details = Map.copyOf(details);
    }

    public static StageResult throughput(String stage, double perSecond, String unit, String baseline,
                                         double baselinePerSecond, Map<String, Object> details) {
        return new StageResult(stage, perSecond, unit, baseline, baselinePerSecond, perSecond / baselinePerSecond, details);
    }

    public static StageResult latency(String stage, double millis, String baseline, double baselineMillis,
                                      Map<String, Object> details) {
        // A raw figure of 0 ms (below the tool's resolution) is counted as its resolution, 1 ms.
        return new StageResult(stage, millis, "ms", baseline, baselineMillis,
                Math.max(baselineMillis, 1.0) / Math.max(millis, 1e-9), details);
    }
}
