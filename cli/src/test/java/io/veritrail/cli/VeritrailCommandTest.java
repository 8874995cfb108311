package io.veritrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VeritrailCommandTest {
    @Test
    void aFailingCommandSaysWhatFailedInOneLineAndExitsWithOne(@TempDir Path dir) throws Exception {
        Path record = Files.write(dir.resolve("record.bin"), new byte[] {1, 2, 3});

        Run run = verifyInclusion(dir.resolve("proof.json"), record);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("veritrail verify inclusion: ").contains("proof.json")
                .doesNotContain("\tat ");
    }

    @Test
    void aFileThatIsNotAProofIsSaidToBeSoWithWhatItLacks(@TempDir Path dir) throws Exception {
        Path record = Files.write(dir.resolve("record.bin"), new byte[] {1, 2, 3});
        Path notAProof = Files.writeString(dir.resolve("proof.json"), "{\"leafHash\": \"00\"}");
        Path notJson = Files.writeString(dir.resolve("other.json"), "proof?");
        for (Path proof : List.of(notAProof, notJson)) {
            Run run = verifyInclusion(proof, record);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("veritrail verify inclusion: " + proof
                    + " is not a proof as the integrity service gives them: ").doesNotContain("\tat ");
            if (proof.equals(notAProof)) {
                assertThat(run.err()).contains("rootHash is missing");
            }
        }
    }

    private record Run(int exit, String err) {
    }

    /** {@code veritrail verify inclusion} as people run it, through the command line main() builds. */
    private static Run verifyInclusion(Path proof, Path record) {
        StringWriter err = new StringWriter();
        CommandLine command = VeritrailCommand.commandLine();
        command.setErr(new PrintWriter(err));
        int exit = command.execute("verify", "inclusion", "--proof", proof.toString(), "--record", record.toString(),
                "--key", "veritrail.local+12345678+AAAA");
        return new Run(exit, err.toString());
    }
}
