package io.veritrail.ingest.api;

import java.util.List;

/** The answer to a batch: counts, and one result per item in request order. */
public record BatchResult(int accepted, int duplicates, int rejected, List<BatchItemResult> results) {
}
