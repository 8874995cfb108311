package io.veritrail.deploy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One part of the stack running as its own JVM, its output appended to a log file. Only the pid is needed to
 * stop it, so that {@code down} in another terminal can stop what {@code up} started.
 */
public record ManagedProcess(String name, long pid, String endpoint, Path logFile) {

    public static ManagedProcess start(String name, List<String> command, Path workingDir, Path logFile,
                                       String endpoint) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(workingDir);
        Process process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return new ManagedProcess(name, process.pid(), endpoint, logFile);
    }

    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** SIGTERM, then SIGKILL if it has not ended within the grace period. Answers whether it ended cleanly. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            return true;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            handle.get().destroyForcibly();
            return false;
        }
    }
}
