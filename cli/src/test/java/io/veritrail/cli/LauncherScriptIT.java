package io.veritrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./veritrail} script as people run it, from a folder of their own: the files they name are read there,
 * while the stack's folder stays the checkout's. Runs the jar the build just made.
 */
class LauncherScriptIT {
    @Test
    void filesPeopleNameAreReadWhereTheyRunTheCommand(@TempDir Path folder) throws Exception {
        Path checkout = Path.of("").toAbsolutePath().getParent();
        Files.writeString(folder.resolve("proof.json"), "{\"not\": \"a proof\"}");
        Files.write(folder.resolve("record.bin"), new byte[] {1, 2, 3});
        Process verify = new ProcessBuilder("bash", checkout.resolve("veritrail").toString(), "verify", "inclusion",
                "--proof", "proof.json", "--record", "record.bin", "--key", "veritrail.local+12345678+AAAA")
                .directory(folder.toFile()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.exitValue()).as(output).isNotZero();
        assertThat(output).as("the proof was found and read; what is wrong is its content")
                .contains("veritrail verify inclusion:").doesNotContain("No such file");
        assertThat(Files.exists(checkout.resolve("proof.json"))).isFalse();
    }
}
