package io.veritrail.integrity.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnDemandNotesTest {
    private final OnDemandNotes notes = new OnDemandNotes();
    private final List<String> signed = new ArrayList<>();

    private String note(int partition, long size) {
        return notes.note(partition, size, () -> {
            String note = "note " + partition + "/" + size + " #" + signed.size();
            signed.add(note);
            return note;
        });
    }

    @Test
    void signsOncePerPartitionAndSize() {
        String first = note(0, 100);
        assertThat(note(0, 100)).isEqualTo(first);
        assertThat(note(1, 100)).isNotEqualTo(first);
        assertThat(note(1, 100)).isEqualTo(signed.get(1));
        assertThat(signed).hasSize(2);
    }

    @Test
    void aNewSizeIsSignedAndReplacesTheOld() {
        note(0, 100);
        String larger = note(0, 150);
        assertThat(larger).isEqualTo("note 0/150 #1");
        assertThat(note(0, 150)).isEqualTo(larger);
        assertThat(note(0, 100)).isEqualTo("note 0/100 #2");
        assertThat(signed).hasSize(3);
    }
}
