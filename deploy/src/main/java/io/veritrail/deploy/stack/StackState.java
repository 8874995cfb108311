package io.veritrail.deploy.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The process table of a running stack, kept in its working folder so status and down work from anywhere. */
public record StackState(StackPorts ports, List<ManagedProcess> processes) {
    private static final ObjectMapper JSON = Json.mapper();

    public StackState {
        processes = List.copyOf(processes);
    }

    public StackState with(ManagedProcess process) {
        List<ManagedProcess> more = new ArrayList<>(processes);
        more.add(process);
        return new StackState(ports, more);
    }

    public static Optional<StackState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; remove it if no stack runs", e);
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
