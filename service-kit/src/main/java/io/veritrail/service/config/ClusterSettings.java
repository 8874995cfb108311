package io.veritrail.service.config;

/** Where the Kafka cluster and the schema registry are: the two things every service connects to. */
public record ClusterSettings(String bootstrapServers, String registryUrl) {
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081/apis/ccompat/v7";

    public static ClusterSettings from(Settings settings) {
        return new ClusterSettings(settings.get("kafka.bootstrap", DEFAULT_BOOTSTRAP),
                settings.get("registry.url", DEFAULT_REGISTRY));
    }
}
