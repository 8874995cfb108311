package io.veritrail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.veritrail.integrity.proof.ConsistencyProof;
import io.veritrail.integrity.proof.InclusionProof;
import io.veritrail.integrity.proof.OfflineVerifier;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a proof offline, with no server: the record's raw bytes, the proof JSON and the",
                "verifier key are all it needs. Exit code 0 when every check holds, 1 otherwise."},
        subcommands = {VerifyCommand.Inclusion.class, VerifyCommand.Consistency.class})
final class VerifyCommand {

    /** A file that is not such a proof is said to be so, with what is wrong, not with the JSON mapper's words. */
    static <T> T readProof(Path file, Class<T> type) throws IOException {
        try {
            return Json.mapper().readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            // A record's constructor names the missing field; the mapper wraps that in words of its own.
            String why = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause().getMessage()
                    : e.getOriginalMessage();
            throw new IllegalArgumentException(file + " is not a proof as the integrity service gives them: " + why);
        }
    }

    static String key(String keyOrFile) throws Exception {
        return keyOrFile.startsWith("@") ? Files.readString(Path.of(keyOrFile.substring(1))).trim() : keyOrFile.trim();
    }

    static int report(OfflineVerifier.Result result) {
        result.passed().forEach(p -> System.out.println("ok    " + p));
        result.failed().forEach(f -> System.out.println("FAIL  " + f));
        System.out.println(result.ok() ? "VERIFIED" : "NOT VERIFIED");
        return result.ok() ? 0 : 1;
    }

    @Command(name = "inclusion", mixinStandardHelpOptions = true, description = "Verify an inclusion proof.")
    static final class Inclusion implements Callable<Integer> {
        @Option(names = "--proof", required = true, paramLabel = "FILE", description = "Inclusion proof JSON.")
        Path proof;

        @Option(names = "--record", required = true, paramLabel = "FILE", description = "The record's raw value bytes.")
        Path record;

        @Option(names = "--key", required = true, description = "Verifier key (name+id+key), or @FILE holding it.")
        String key;

        @Override
        public Integer call() throws Exception {
            InclusionProof parsed = readProof(proof, InclusionProof.class);
            return report(OfflineVerifier.inclusion(parsed, Files.readAllBytes(record), key(key)));
        }
    }

    @Command(name = "consistency", mixinStandardHelpOptions = true, description = "Verify a consistency proof.")
    static final class Consistency implements Callable<Integer> {
        @Option(names = "--proof", required = true, paramLabel = "FILE", description = "Consistency proof JSON.")
        Path proof;

        @Option(names = "--from-checkpoint", required = true, paramLabel = "FILE", description = "Signed checkpoint of the older tree.")
        Path fromCheckpoint;

        @Option(names = "--to-checkpoint", required = true, paramLabel = "FILE", description = "Signed checkpoint of the newer tree.")
        Path toCheckpoint;

        @Option(names = "--key", required = true, description = "Verifier key (name+id+key), or @FILE holding it.")
        String key;

        @Override
        public Integer call() throws Exception {
            ConsistencyProof parsed = readProof(proof, ConsistencyProof.class);
            return report(OfflineVerifier.consistency(parsed, Files.readString(fromCheckpoint),
                    Files.readString(toCheckpoint), key(key)));
        }
    }
}
