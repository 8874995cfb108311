package io.veritrail.deploy.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a local stack's files are: the build output it runs ({@code home}, the repository root) and the working
 * folder it keeps its data, logs and process table in ({@code .veritrail/} by default), so a second {@code up}
 * finds the data of the first.
 */
public record StackLayout(Path home, Path workDir) {
    public StackLayout {
        home = home.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
    }

    public Path brokerClasspath() {
        return home.resolve("stack-runtime/target/kafka-lib");
    }

    public Path registryJar() {
        return home.resolve("stack-runtime/target/apicurio/quarkus-run.jar");
    }

    public Path servicesJar() {
        return home.resolve("cli/target/veritrail.jar");
    }

    public Path data(String part) {
        return workDir.resolve("data").resolve(part);
    }

    public Path log(String part) {
        return workDir.resolve("logs").resolve(part + ".log");
    }

    public Path stateFile() {
        return workDir.resolve("stack.json");
    }

    /** Fails with a message a person can act on when the build has not produced what the stack runs. */
    public void requireBuilt() {
        for (Path needed : new Path[] {brokerClasspath(), registryJar(), servicesJar()}) {
            if (!Files.exists(needed)) {
                throw new IllegalStateException(needed + " is missing; build first: ./mvnw -DskipTests install"
                        + " (./veritrail up does this for you)");
            }
        }
    }
}
