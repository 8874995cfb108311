package io.veritrail.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.veritrail.service.http.Problem;
import java.util.List;

/** What happened to one item of a batch, at its index in the request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, String status, String guid, String topic, Integer partition, Long offset,
                              List<Problem.FieldError> errors) {
    public static final String ACCEPTED = "accepted";
    /** The same event was accepted before: nothing was written, the place is the original one. */
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";
}
