package io.veritrail.ingest.validate;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Strict reading of JSON from bytes, for both front doors: valid UTF-8 only, one value with nothing after it, and
 * no key twice in an object (two readers could disagree about which one counts; an event must mean one thing).
 */
public final class JsonText {
    /**
     * Duplicate keys are refused as the tree is built (the tree sees each key it puts): the parser's own detection
     * keeps a set of names per object, and that set was a few percent of every ingest request.
     */
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    /** For values inside a body being read token by token: the body's end is checked once, by the caller. */
    private static final ObjectReader VALUE_READER = READER.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Why bytes are not one JSON value. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private JsonText() {
    }

    /** ASCII is valid UTF-8: most bodies need no decoding to be checked. */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The JSON value of the bytes; empty bytes or bytes holding no value are malformed too. */
    public static JsonNode parse(byte[] bytes) throws MalformedException {
        requireUtf8(bytes);
        try {
            JsonNode node = READER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedException("the body holds no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new MalformedException("the body is unreadable: " + e.getMessage());
        }
    }

    /**
     * A body of one event or an array of events, parsed as {@link #parse} does, with each event's {@code data} text
     * as the client sent it wherever that text is already what writing the parsed data compactly would give: the
     * record then carries the client's bytes instead of a second serialisation of the same value.
     */
    public record Events(JsonNode root, Map<JsonNode, byte[]> compactData) {
        /** The event's data as compact JSON in UTF-8, exactly as the client sent it; null when it must be written. */
        public byte[] compactDataOf(JsonNode event) {
            return compactData.get(event);
        }
    }

    public static Events parseEvents(byte[] bytes) throws MalformedException {
        requireUtf8(bytes);
        Map<JsonNode, byte[]> compact = new IdentityHashMap<>();
        try (JsonParser parser = READER.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedException("the body holds no JSON value");
            }
            JsonNode root;
            if (first == JsonToken.START_ARRAY) {
                ArrayNode events = Json.mapper().getNodeFactory().arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    events.add(eventOrValue(parser, bytes, compact));
                }
                root = events;
            } else {
                root = eventOrValue(parser, bytes, compact);
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new MalformedException("the body is not valid JSON: a " + trailing + " token follows the value"
                        + where(parser.currentTokenLocation()));
            }
            return new Events(root, compact);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new MalformedException("the body is unreadable: " + e.getMessage());
        }
    }

    /** The value at the parser's current token; an object's {@code data} member is kept as text if compact. */
    private static JsonNode eventOrValue(JsonParser parser, byte[] bytes, Map<JsonNode, byte[]> compact)
            throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return VALUE_READER.readTree(parser);
        }
        ObjectNode event = Json.mapper().getNodeFactory().objectNode();
        byte[] data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            // Locations are objects made on request: asked for the data member only, not for every member.
            boolean isData = parser.nextToken() == JsonToken.START_OBJECT && "data".equals(name);
            long from = isData ? parser.currentTokenLocation().getByteOffset() : -1;
            if (event.replace(name, VALUE_READER.readTree(parser)) != null) {
                throw new JsonParseException(parser, "Duplicate field '" + name + "'");
            }
            long to = isData ? parser.currentLocation().getByteOffset() : -1;
            if (isData && from >= 0 && to <= bytes.length && isCompact(bytes, (int) from, (int) to)) {
                data = Arrays.copyOfRange(bytes, (int) from, (int) to);
            }
        }
        if (data != null) {
            compact.put(event, data);
        }
        return event;
    }

    /**
     * Whether the JSON text between {@code from} and {@code to} is byte for byte what the shared mapper writes for
     * its value: no whitespace outside strings, no escapes inside them, and whole numbers only (a decimal may be
     * written back in another notation, and -0 as 0). Anything else is simply written again.
     */
    static boolean isCompact(byte[] text, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = text[i];
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\') {
                    return false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '.') {
                return false;
            } else if ((c == 'e' || c == 'E') && i > from && text[i - 1] >= '0' && text[i - 1] <= '9') {
                return false;
            } else if (c == '-' && i + 1 < to && text[i + 1] == '0') {
                return false;
            }
        }
        return true;
    }

    private static void requireUtf8(byte[] bytes) throws MalformedException {
        if (!isAscii(bytes)) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new MalformedException("the body is not valid UTF-8");
            }
        }
    }

    private static MalformedException malformed(JsonProcessingException e) {
        // Limits (nesting depth, number length) fail without a location. A duplicate key found by the tree names
        // the library's switch too; the client needs the key.
        String message = e.getOriginalMessage();
        int libraryDetail = message.indexOf(" for `ObjectNode`");
        if (libraryDetail > 0) {
            message = message.substring(0, libraryDetail);
        }
        return new MalformedException("the body is not valid JSON: " + message + where(e.getLocation()));
    }

    private static String where(com.fasterxml.jackson.core.JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
