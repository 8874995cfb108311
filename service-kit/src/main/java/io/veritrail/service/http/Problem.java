package io.veritrail.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} names each field at fault, so a client can point at the input
 * that was wrong instead of parsing a sentence.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://veritrail.io/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem of a kind named by a short slug, for example {@code invalid-event}. */
    public static Problem of(String slug, String title, int status, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, errors);
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return of(slug, title, status, detail, List.of());
    }

    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    /** One field at fault: a JSON pointer-like path ({@code /data/amount}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
