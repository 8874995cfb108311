package io.veritrail.cli;

import io.veritrail.deploy.stack.StackLayout;
import io.veritrail.deploy.stack.StackPorts;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the stack lives and which ports it uses; every option also reads an environment variable. */
public final class StackOptions {
    @Option(names = "--work-dir", defaultValue = "${env:VERITRAIL_WORK_DIR:-.veritrail}",
            description = "Folder for data, logs and the process table (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--home", defaultValue = "${sys:veritrail.home:-.}", hidden = true,
            description = "The Veritrail checkout whose build output runs.")
    Path home;

    @Option(names = "--kafka-port", defaultValue = "${env:VERITRAIL_KAFKA_PORT:-9092}", description = "Kafka broker (${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "${env:VERITRAIL_CONTROLLER_PORT:-9093}", description = "KRaft controller (${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "${env:VERITRAIL_REGISTRY_PORT:-8081}", description = "Schema registry (${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--registry-management-port", defaultValue = "${env:VERITRAIL_REGISTRY_MANAGEMENT_PORT:-9001}", description = "Registry management interface (${DEFAULT-VALUE}).")
    int registryManagementPort;

    @Option(names = "--ingest-port", defaultValue = "${env:VERITRAIL_INGEST_PORT:-8080}", description = "Ingest service (${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--projector-port", defaultValue = "${env:VERITRAIL_PROJECTOR_PORT:-8090}", description = "Projector (${DEFAULT-VALUE}).")
    int projectorPort;

    @Option(names = "--integrity-port", defaultValue = "${env:VERITRAIL_INTEGRITY_PORT:-8091}", description = "Integrity service (${DEFAULT-VALUE}).")
    int integrityPort;

    StackLayout layout() {
        return new StackLayout(home, workDir);
    }

    StackPorts ports() {
        return new StackPorts(kafkaPort, controllerPort, registryPort, registryManagementPort, ingestPort,
                projectorPort, integrityPort);
    }
}
