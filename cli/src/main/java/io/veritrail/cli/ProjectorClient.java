package io.veritrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrail.service.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The projector's query API, for commands that show what it knows. */
final class ProjectorClient {
    @Option(names = "--projector-url", defaultValue = "${env:VERITRAIL_PROJECTOR_URL:-http://127.0.0.1:8090}",
            description = "The projector (${DEFAULT-VALUE}).")
    String url;

    @Mixin
    BearerToken token = new BearerToken();

    /** The JSON answer, or null for 404; other errors stop the command with the problem's detail. */
    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = ServiceHttp.get(url + path, token.value);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the projector answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
