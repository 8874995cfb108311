package io.veritrail.service.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A service's OpenAPI document, served as written at {@code GET /openapi.yaml}, to anyone (like {@code /health}):
 * the shape of the API is no secret, and a newcomer or a client generator should not need a token to read it.
 */
public final class ApiDescription {
    public static final String PATH = "/openapi.yaml";

    private ApiDescription() {
    }

    /** Read once, here: a document missing from the jar fails the service's start, not a request. */
    public static void serve(RoutesConfig routes, String resource) {
        byte[] document;
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + resource + " is not on the classpath");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + resource, e);
        }
        routes.get(PATH, ctx -> ctx.contentType("application/yaml; charset=utf-8").result(document));
    }
}
