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
}
