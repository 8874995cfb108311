package io.veritrail.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.veritrail.service.http.Problem;
import java.util.List;

/** What happened to one item of a batch, at its index in the request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, String status, String guid, String topic, Integer partition, Long offset,
                              List<Problem.FieldError> errors) {
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
}
