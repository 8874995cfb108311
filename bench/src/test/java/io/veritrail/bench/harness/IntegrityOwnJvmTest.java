package io.veritrail.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntegrityOwnJvmTest {
    @Test
    void aRoundIsReadFromTheResultLineAmongTheChildsLogLines() {
        String output = """
                08:01:02.003 INFO  i.v.i.IntegrityApp - integrity ready on http://127.0.0.1:40001
                leaves/s 312500 us/leaf C1 CompilerThre=0.280;GC Thread=0.040;integrity-writer=0.910;
                08:01:05.100 INFO  o.a.k.c.c.KafkaConsumer - closing
                """;

        IntegrityOwnJvm.Round round = IntegrityOwnJvm.parse(output, 500_000);

        assertThat(round.leavesPerSecond()).isEqualTo(312_500);
        assertThat(round.ratio()).isEqualTo(0.625);
        assertThat(round.cpuMicrosPerLeaf()).containsExactly(entry("C1 CompilerThre", 0.28), entry("GC Thread", 0.04),
                entry("integrity-writer", 0.91));
        assertThat(round.cpuMicrosPerLeafInAll()).isCloseTo(1.23, within(1e-9));
        assertThat(round.cpuSummary()).isEqualTo("integrity-writer 0.91, C1 CompilerThre 0.28");
    }

    @Test
    void aChildWithoutAResultLineIsAFailureThatShowsItsOutput() {
        assertThatThrownBy(() -> IntegrityOwnJvm.parse("Exception in thread \"main\" boom\n", 500_000))
                .hasMessageContaining("no result").hasMessageContaining("boom");
    }
}
