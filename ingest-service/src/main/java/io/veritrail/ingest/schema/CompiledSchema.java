package io.veritrail.ingest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.veritrail.ingest.validate.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON Schema of event data, ready to check a payload. Pure: text in, violations out, each at the JSON pointer
 * of the envelope field at fault ({@code /data/...}). Schemas without {@code $schema} are read as draft 7.
 */
public final class CompiledSchema {
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private final Schema schema;

    private CompiledSchema(Schema schema) {
        this.schema = schema;
    }

    public static CompiledSchema parse(String text) {
        return new CompiledSchema(SCHEMAS.getSchema(text));
    }

    public List<Violation> check(JsonNode data) {
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(data)) {
            String pointer = "/data" + pointer(error.getInstanceLocation());
            if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
                violations.add(new Violation(pointer + "/" + escape(error.getProperty()), "is required"));
            } else {
                violations.add(new Violation(pointer, message(error)));
            }
        }
        return violations;
    }

    private static String message(Error error) {
        // The library prefixes its messages with the JSON path; the pointer already says where.
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }

    private static String pointer(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return out.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
