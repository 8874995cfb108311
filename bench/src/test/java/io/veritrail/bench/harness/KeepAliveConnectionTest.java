package io.veritrail.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against the JDK's HTTP server: sized and chunked answers, one connection reused. */
class KeepAliveConnectionTest {
    private HttpServer server;
    private final Set<Object> connections = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Echoes the body reversed, sized or chunked as the path asks, with the status the path names.
        server.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress());
            byte[] body = new StringBuilder(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .reverse().toString().getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
            boolean chunked = exchange.getRequestURI().getPath().startsWith("/chunked");
            exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void sizedAndChunkedAnswersAreReadWholeOnOneConnection() throws IOException {
        String large = "0123456789abcdef".repeat(20_000);
        try (KeepAliveConnection http = new KeepAliveConnection(base())) {
            assertThat(http.post("/sized", "text/plain", "abc".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("cba");
            KeepAliveConnection.Response chunked = http.post("/chunked", "text/plain", large.getBytes(StandardCharsets.UTF_8));
            assertThat(chunked.status()).isEqualTo(200);
            assertThat(chunked.text()).isEqualTo(new StringBuilder(large).reverse().toString());
            assertThat(http.post("/sized/missing", "text/plain", new byte[0]).status()).isEqualTo(404);
            assertThat(http.post("/chunked", "text/plain", "xy".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("yx");
        }
        assertThat(connections).as("every request went over the same connection").hasSize(1);
    }

    @Test
    void aServerThatIsGoneIsAnErrorNotAnEmptyAnswer() {
        URI gone = base();
        server.stop(0);
        assertThatThrownBy(() -> {
            try (KeepAliveConnection http = new KeepAliveConnection(gone)) {
                http.post("/sized", "text/plain", new byte[0]);
            }
        }).isInstanceOf(IOException.class);
    }
}
