package io.veritrail.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineLoadTest {
    @Test
    void busyTicksAreUserNiceSystemAndInterruptsIdleAndIowaitAreNotStealIsNeither() {
        assertThat(MachineLoad.parse("cpu  100 5 20 300 10 1 4 7 0 0"))
                .contains(new MachineLoad.Mark(100 + 5 + 20 + 1 + 4, 130 + 300 + 10));
        assertThat(MachineLoad.parse("cpu0 1 2 3 4")).isEmpty();
        assertThat(MachineLoad.parse("intr 1 2 3")).isEmpty();
    }

    @Test
    void busyCoresIsTheBusyShareOfTheTicksBetweenTwoMarksTimesTheCores() {
        Optional<MachineLoad.Mark> from = Optional.of(new MachineLoad.Mark(1_000, 2_000));
        Optional<MachineLoad.Mark> to = Optional.of(new MachineLoad.Mark(1_000 + 190, 2_000 + 200));

        assertThat(MachineLoad.busyCores(from, to, 2)).contains(1.9);
        assertThat(MachineLoad.busyCores(from, from, 2)).isEmpty();
        assertThat(MachineLoad.busyCores(Optional.empty(), to, 2)).isEmpty();
    }
}
