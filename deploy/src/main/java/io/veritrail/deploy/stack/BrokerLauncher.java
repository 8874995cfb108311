package io.veritrail.deploy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one JVM) from the jars Maven Central serves, with
 * its log directory under the stack's data folder. Storage is formatted once; later starts reuse it.
 */
final class BrokerLauncher {
    private BrokerLauncher() {
    }

    static String serverProperties(StackPorts ports, Path logDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + ports.controller(),
                "listeners=PLAINTEXT://127.0.0.1:" + ports.kafka() + ",CONTROLLER://127.0.0.1:" + ports.controller(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.kafka(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "") ;
    }

    static final String LOG4J2 = String.join("\n",
            "status = error",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "");

    static ManagedProcess start(StackLayout layout, StackPorts ports) throws IOException, InterruptedException {
        Path dir = layout.data("kafka");
        Path logDir = dir.resolve("log");
        Path config = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        Files.createDirectories(logDir);
        Files.writeString(config, serverProperties(ports, logDir));
        Files.writeString(log4j, LOG4J2);
        String classpath = layout.brokerClasspath() + "/*";
        Map<String, String> props = Map.of("log4j2.configurationFile", log4j.toString());
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(layout, config, classpath, props);
        }
        ManagedProcess broker = ManagedProcess.start("kafka",
                JavaCommand.of("512m", List.of(), props, List.of("-cp", classpath, "kafka.Kafka", config.toString())),
                dir, layout.log("kafka"), "127.0.0.1:" + ports.kafka());
        Readiness.await(broker, Duration.ofSeconds(90), () -> Readiness.brokerAnswers(broker.endpoint()));
        return broker;
    }

    private static void format(StackLayout layout, Path config, String classpath, Map<String, String> props)
            throws IOException, InterruptedException {
        List<String> command = JavaCommand.of("256m", List.of(), props, List.of("-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()));
        Path log = layout.log("kafka-format");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka storage failed; see " + log);
        }
    }
}
