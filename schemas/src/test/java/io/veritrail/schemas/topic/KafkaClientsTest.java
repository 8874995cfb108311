package io.veritrail.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    @Test
    void theSecurityFileOfDeployProductionIsReadAsClientSettings() throws Exception {
        Path file = Files.createTempFile("client", ".properties");
        Files.writeString(file, """
                # as in deploy/production/client-ingest.properties
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                """);
        assertThat(KafkaClients.read(file.toString()))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .hasSize(2);
        assertThat(KafkaClients.read(null)).isEmpty();
        assertThatThrownBy(() -> KafkaClients.read("/no/such/file")).hasMessageContaining("/no/such/file");
    }

    @Test
    void eachClientGetsItsOwnMutableConfigWithTheBootstrapServers() {
        var config = KafkaClients.config("broker-1:9093");
        config.put("client.id", "x");
        assertThat(KafkaClients.config("broker-1:9093")).containsEntry("bootstrap.servers", "broker-1:9093")
                .doesNotContainKey("client.id");
    }
}
