package io.veritrail.testkit;

/** A running schema registry with the Confluent REST API. */
public interface SchemaRegistry extends AutoCloseable {
    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    String url();
}
