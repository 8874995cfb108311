package io.veritrail.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A service's OpenAPI document as the service serves it, read so that a test can hold it against the routes the
 * service really answers: the document is written by hand, and this is what keeps it from drifting.
 */
public final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** {@code GET /openapi.yaml} of the service at {@code baseUrl}, without credentials (it is open to anyone). */
    public static OpenApiDocument fetch(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET /openapi.yaml answered " + answer.statusCode() + ": " + answer.body());
        }
        return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(answer.body()));
    }

    public String version() {
        return root.path("openapi").asText();
    }

    /** Every operation as {@code "METHOD /path"}, the form {@code HttpService.routes()} gives. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        root.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                operations.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /**
     * What a reader of the document would trip over: an operation without an id, a summary or responses, and a
     * {@code $ref} to a component that does not exist.
     */
    public List<String> defects() {
        List<String> defects = new ArrayList<>();
        root.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                for (String field : List.of("operationId", "summary", "responses")) {
                    if (operation.getValue().path(field).isMissingNode()) {
                        defects.add(name + " has no " + field);
                    }
                }
            }
        }));
        collectBrokenReferences(root, defects);
        return defects;
    }

    private void collectBrokenReferences(JsonNode node, List<String> defects) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && (!ref.asText().startsWith("#/")
                    || root.at(ref.asText().substring(1)).isMissingNode())) {
                defects.add("$ref " + ref.asText() + " points nowhere");
            }
            node.forEach(child -> collectBrokenReferences(child, defects));
        } else if (node.isArray()) {
            node.forEach(child -> collectBrokenReferences(child, defects));
        }
    }
}
