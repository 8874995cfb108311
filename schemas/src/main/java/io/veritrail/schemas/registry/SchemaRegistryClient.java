package io.veritrail.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client of the Confluent Schema Registry REST API (works with Confluent, Apicurio's ccompat API,
 * Karapace, Redpanda). Ids never change for a given schema, so lookups are cached for the life of the client.
 */
public final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public SchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public RegistryConfig config() {
        return config;
    }

    /** Registers the schema under the subject (a no-op when it is there already) and answers its id. */
    public int register(String subject, Schema schema) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> {
                    ObjectNode body = JSON.createObjectNode().put("schema", s.toString());
                    int id = send("POST", "/subjects/" + encode(subject) + "/versions", body).get("id").asInt();
                    schemasById.putIfAbsent(id, s);
                    return id;
                });
    }

    /** The id of a schema already registered under the subject; fails with 40403 when it is not. */
    public int lookup(String subject, Schema schema) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> {
                    ObjectNode body = JSON.createObjectNode().put("schema", s.toString());
                    return send("POST", "/subjects/" + encode(subject), body).get("id").asInt();
                });
    }

    /** The id of the latest version registered under the subject. */
    public int latestId(String subject) {
        JsonNode latest = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = latest.get("id").asInt();
        schemasById.putIfAbsent(id, new Schema.Parser().parse(latest.get("schema").asText()));
        return id;
    }

    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, i ->
                new Schema.Parser().parse(send("GET", "/schemas/ids/" + i, null).get("schema").asText()));
    }

    /**
     * Registers a JSON Schema under the subject (the registry answers the existing id when the same schema is
     * there already) and answers the version it has in the subject. A schema that breaks the subject's
     * compatibility rule is refused with HTTP 409.
     */
    public int registerJsonSchema(String subject, String schemaText) {
        ObjectNode body = JSON.createObjectNode().put("schemaType", "JSON").put("schema", schemaText);
        send("POST", "/subjects/" + encode(subject) + "/versions", body);
        return send("POST", "/subjects/" + encode(subject), body).get("version").asInt();
    }

    /** The text of one version of a subject's schema, or empty when the subject or the version does not exist. */
    public java.util.Optional<String> schemaText(String subject, int version) {
        try {
            return java.util.Optional.of(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null)
                    .get("schema").asText());
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the compatibility rule of a subject, or the global default when subject is null. */
    public void setCompatibility(String subject, String level) {
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        send("PUT", path, JSON.createObjectNode().put("compatibility", level));
    }

    /** Whether the schema may be registered as the next version of the subject under its compatibility rule. */
    public boolean isCompatible(String subject, Schema schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body);
        return answer.path("is_compatible").asBoolean(false);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (config.basicAuthUserInfo() != null) {
            String token = Base64.getEncoder()
                    .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        request.method(method, publisher);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new RegistryException(method + " " + path + ": " + answer.path("message").asText(response.body()),
                        response.statusCode(), answer.path("error_code").asInt(-1));
            }
            return answer;
        } catch (IOException e) {
            throw new RegistryException("schema registry at " + config.url() + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while calling the schema registry", e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
