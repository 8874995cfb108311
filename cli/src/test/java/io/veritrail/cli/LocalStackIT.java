package io.veritrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import io.veritrail.deploy.stack.StackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's first command, as a user runs it: 'up --detach' starts a broker, the registry and the services as
 * their own JVMs from the build output; 'status' sees them; an event goes through; 'down' stops them all; a second
 * 'up' keeps the data of the first.
 */
class LocalStackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    @Test
    void upStatusTourDownAndUpAgainKeepsTheData(@TempDir Path workDir) throws Exception {
        List<String> ports = freePorts();
        List<String> common = new ArrayList<>(List.of("--work-dir", workDir.toString(), "--home", home().toString(),
                "--kafka-port", ports.get(0), "--controller-port", ports.get(1), "--registry-port", ports.get(2),
                "--registry-management-port", ports.get(3), "--ingest-port", ports.get(4),
                "--projector-port", ports.get(5), "--integrity-port", ports.get(6)));
        try {
            assertThat(run("up", "--detach", common)).contains("Veritrail is up");
            assertThat(exitCode("status", common)).isZero();
            // Authentication is on in the stack: no token, 401; the token command gives one.
            assertThat(get("http://127.0.0.1:" + ports.get(5) + "/v1/entities/x").statusCode()).isEqualTo(401);
            List<String> tokenArgs = new ArrayList<>(List.of("--role", "admin"));
            tokenArgs.addAll(common);
            token = run("token", null, tokenArgs).strip();

            String entity = "person-" + UUID.randomUUID();
            String guid = UUID.randomUUID().toString();
            HttpResponse<String> accepted = post("http://127.0.0.1:" + ports.get(4) + "/v1/events", """
                    {"guid":"%s","entityGuid":"%s","type":"create-individual","data":{"name":"Amina"},
                     "timestamp":"2026-11-20T09:15:00Z","userId":"collector-7"}""".formatted(guid, entity));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            awaitEntity(ports.get(5), entity);

            // The integrity tour: a proof and the raw record from the CLI, verified offline, and an audit.
            String integrityUrl = "http://127.0.0.1:" + ports.get(6);
            Path proofFile = workDir.resolve("proof.json");
            Path recordFile = workDir.resolve("record.bin");
            Path keyFile = workDir.resolve("key.txt");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    get(integrityUrl + "/v1/proofs/inclusion?eventGuid=" + guid).statusCode() == 200);
            String proof = runPlain("proof", "inclusion", "--event-guid", guid, "--record-out", recordFile.toString(),
                    "--integrity-url", integrityUrl, "--kafka", "127.0.0.1:" + ports.get(0), "--token", token);
            java.nio.file.Files.writeString(proofFile, proof);
            java.nio.file.Files.writeString(keyFile, get(integrityUrl + "/v1/checkpoints/key").body());
            assertThat(runPlain("verify", "inclusion", "--proof", proofFile.toString(), "--record",
                    recordFile.toString(), "--key", "@" + keyFile)).contains("VERIFIED").doesNotContain("FAIL");
            java.nio.file.Files.write(recordFile, "tampered".getBytes());
            assertThat(new CommandLine(new VeritrailCommand()).execute("verify", "inclusion", "--proof",
                    proofFile.toString(), "--record", recordFile.toString(), "--key", "@" + keyFile)).isEqualTo(1);
            assertThat(runPlain("audit", "--kafka", "127.0.0.1:" + ports.get(0), "--integrity-url", integrityUrl,
                    "--token", token))
                    .contains("CLEAN");

            assertThat(run("down", null, common)).contains("Veritrail is down");
            assertThat(exitCode("status", common)).isEqualTo(1);

            run("up", "--detach", common);
            awaitEntity(ports.get(5), entity);
            JsonNode roots = JSON.readTree(get("http://127.0.0.1:" + ports.get(6) + "/v1/roots").body());
            assertThat(roots.findValues("treeSize").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(1);
        } finally {
            run("down", null, common);
        }
    }

    private void awaitEntity(String projectorPort, String entity) throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(get("http://127.0.0.1:" + projectorPort + "/v1/entities/" + entity).statusCode()).isEqualTo(200));
    }

    private static Path home() {
        // Failsafe runs in the deploy module; the stack runs the build output of the whole checkout.
        return Path.of("").toAbsolutePath().getParent();
    }

    private static String run(String command, String flag, List<String> common) {
        List<String> args = new ArrayList<>(List.of(command));
        if (flag != null) {
            args.add(flag);
        }
        args.addAll(common);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true));
        try {
            int code = new CommandLine(new VeritrailCommand()).execute(args.toArray(String[]::new));
            assertThat(code).as("%s: %s", args, captured).isZero();
        } finally {
            System.setOut(original);
        }
        System.out.print(captured);
        return captured.toString();
    }

    /** Runs a command that takes no stack options and must succeed; answers what it printed. */
    private static String runPlain(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true));
        try {
            int code = new CommandLine(new VeritrailCommand()).execute(args);
            assertThat(code).as("%s: %s", List.of(args), captured).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString();
    }

    private static int exitCode(String command, List<String> common) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(common);
        return new CommandLine(new VeritrailCommand()).execute(args.toArray(String[]::new));
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> freePorts() throws IOException {
        StackPorts p = StackPorts.free();
        return java.util.stream.IntStream.of(p.kafka(), p.controller(), p.registry(), p.registryManagement(),
                p.ingest(), p.projector(), p.integrity()).mapToObj(Integer::toString).toList();
    }
}
