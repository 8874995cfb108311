package io.veritrail.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Apicurio Registry (unpacked by the stack-runtime module) as a child JVM with in-memory storage on free
 * loopback ports. Its global compatibility default is NONE, unlike Confluent's BACKWARD, so it is set on start.
 */
final class ApicurioRegistryProcess implements SchemaRegistry {
    private final Process process;
    private final String url;

    private ApicurioRegistryProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static ApicurioRegistryProcess start(Path home, Path logFile) throws IOException, InterruptedException {
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + home
                    + "; build the stack-runtime module first (./mvnw -pl stack-runtime install)");
        }
        int port = freePort();
        int managementPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        String base = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, base);
        try {
            registry.awaitReady(Duration.ofSeconds(90), logFile);
            registry.put("/config", "{\"compatibility\":\"BACKWARD\"}");
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady(Duration timeout, Path logFile) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Apicurio Registry not ready after " + timeout + "; see " + logFile);
    }

    private void put(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
