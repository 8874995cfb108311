package io.veritrail.ingest.validate;

/** One rule an incoming event broke: the field (a JSON pointer such as {@code /timestamp}) and why. */
public record Violation(String field, String message) {
}
