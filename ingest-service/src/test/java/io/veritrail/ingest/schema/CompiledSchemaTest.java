package io.veritrail.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.ingest.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CompiledSchema schema = CompiledSchema.parse("""
            {"type":"object",
             "properties":{"amount":{"type":"number","minimum":0},
                           "address":{"type":"object","properties":{"zip":{"type":"string","maxLength":5}},
                                      "required":["zip"]}},
             "required":["amount"]}""");

    List<String> fields(String data) throws Exception {
        return schema.check(JSON.readTree(data)).stream().map(Violation::field).toList();
    }

    @Test
    void validDataHasNoViolations() throws Exception {
        assertThat(fields("{\"amount\":3,\"address\":{\"zip\":\"1234\"}}")).isEmpty();
    }

    @Test
    void eachViolationPointsAtTheFieldInsideTheEnvelope() throws Exception {
        assertThat(fields("{}")).containsExactly("/data/amount");
        assertThat(fields("{\"amount\":\"three\"}")).containsExactly("/data/amount");
        assertThat(fields("{\"amount\":-1,\"address\":{\"zip\":\"123456\"}}"))
                .containsExactlyInAnyOrder("/data/amount", "/data/address/zip");
        assertThat(fields("{\"amount\":1,\"address\":{}}")).containsExactly("/data/address/zip");
    }

    @Test
    void messagesSayWhatIsWrongWithoutRepeatingThePath() throws Exception {
        Violation violation = schema.check(JSON.readTree("{\"amount\":\"three\"}")).getFirst();
        assertThat(violation.message()).contains("string").contains("number").doesNotStartWith("$");
    }
}
