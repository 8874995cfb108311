package io.veritrail.ingest.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict reading of JSON from bytes, for both front doors: valid UTF-8 only, one value with nothing after it, and
 * no key twice in an object (two readers could disagree about which one counts; an event must mean one thing).
 */
public final class JsonText {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        if (!isAscii(bytes)) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new MalformedException("the body is not valid UTF-8");
            }
        }
        try {
            JsonNode node = READER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedException("the body holds no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Limits (nesting depth, number length) fail without a location.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new MalformedException("the body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new MalformedException("the body is unreadable: " + e.getMessage());
        }
    }
}
