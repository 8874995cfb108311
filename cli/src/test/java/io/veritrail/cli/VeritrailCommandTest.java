package io.veritrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VeritrailCommandTest {
    @Test
    void aFailingCommandSaysWhatFailedInOneLineAndExitsWithOne(@TempDir Path dir) throws Exception {
        Path record = Files.write(dir.resolve("record.bin"), new byte[] {1, 2, 3});
        Path missing = dir.resolve("proof.json");
        StringWriter err = new StringWriter();
        CommandLine command = VeritrailCommand.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("verify", "inclusion", "--proof", missing.toString(), "--record",
                record.toString(), "--key", "veritrail.local+12345678+AAAA");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("veritrail verify inclusion: ").contains("proof.json")
                .doesNotContain("\tat ");
    }

    @Test
    void aFileThatIsNotAProofIsSaidToBeSoWithWhatItLacks(@TempDir Path dir) throws Exception {
        Path record = Files.write(dir.resolve("record.bin"), new byte[] {1, 2, 3});
        Path notAProof = Files.writeString(dir.resolve("proof.json"), "{\"leafHash\": \"00\"}");
        Path notJson = Files.writeString(dir.resolve("other.json"), "proof?");
        for (Path proof : java.util.List.of(notAProof, notJson)) {
            StringWriter err = new StringWriter();
            CommandLine command = VeritrailCommand.commandLine();
            command.setErr(new PrintWriter(err));

            int exit = command.execute("verify", "inclusion", "--proof", proof.toString(), "--record",
                    record.toString(), "--key", "veritrail.local+12345678+AAAA");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("veritrail verify inclusion: " + proof
                    + " is not a proof as the integrity service gives them: ").doesNotContain("\tat ");
        }
        StringWriter err = new StringWriter();
        CommandLine command = VeritrailCommand.commandLine();
        command.setErr(new PrintWriter(err));
        command.execute("verify", "inclusion", "--proof", notAProof.toString(), "--record", record.toString(),
                "--key", "veritrail.local+12345678+AAAA");
        assertThat(err.toString()).contains("rootHash is missing");
    }
}
