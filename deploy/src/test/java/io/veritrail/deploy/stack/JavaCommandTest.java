package io.veritrail.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {
    private static final List<String> TAIL = List.of("-cp", "services.jar", "Main", "argument");

    @Test
    void aServicesOwnJvmOptionsComeBeforeItsMainClassSoTheJvmTakesThem() {
        List<String> command = LocalStack.javaCommandLike("integrity", TAIL);

        assertThat(command.subList(1, command.size() - TAIL.size()))
                .contains("-Xmx384m", "-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1500");
        assertThat(command.subList(command.size() - TAIL.size(), command.size())).isEqualTo(TAIL);
    }

    @Test
    void optionsMeasuredForOneServiceAreNotGivenToTheOthers() {
        assertThat(LocalStack.javaCommandLike("ingest", TAIL)).noneMatch(option -> option.startsWith("-XX:"));
        assertThat(LocalStack.javaCommandLike("projector", TAIL)).contains("-Xmx1g")
                .noneMatch(option -> option.startsWith("-XX:"));
    }
}
