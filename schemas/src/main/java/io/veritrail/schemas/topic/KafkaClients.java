package io.veritrail.schemas.topic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings every Kafka client of a Veritrail service starts from: the bootstrap servers, plus for a secured
 * cluster the client security settings (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.*) from the
 * properties file named by {@code VERITRAIL_KAFKA_CLIENT_CONFIG} (or the system property
 * {@code veritrail.kafka.client-config}); see {@code deploy/production/client-ingest.properties}. Read once per
 * process: it is the process's identity towards the cluster, like a JAAS file.
 */
public final class KafkaClients {
    private static final Map<String, Object> SECURITY = load();

    private KafkaClients() {
    }

    /** A fresh, mutable client configuration for these bootstrap servers. */
    public static Map<String, Object> config(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(SECURITY);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The same with the client's own settings on top. */
    public static Map<String, Object> config(String bootstrapServers, Map<String, Object> settings) {
        Map<String, Object> config = config(bootstrapServers);
        config.putAll(settings);
        return config;
    }

    /**
     * Stops a thread that polls {@code consumer}: wakes the consumer out of its poll (the only thread-safe call it
     * has) and waits for the thread, which closes the consumer on its way out. The caller has told its loop to end.
     */
    public static void stopPolling(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Thread thread) {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> load() {
        return read(System.getProperty("veritrail.kafka.client-config", System.getenv("VERITRAIL_KAFKA_CLIENT_CONFIG")));
    }

    /** The settings of a properties file; none for no file. */
    static Map<String, Object> read(String file) {
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kafka client settings " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        return Map.copyOf(settings);
    }
}
