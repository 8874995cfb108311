package io.veritrail.ingest.publish;

/** Where an accepted event now lives in the log. */
public record Accepted(String guid, String topic, int partition, long offset) {
}
