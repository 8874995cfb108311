package io.veritrail.deploy.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the command line of a child JVM, on the same Java as the launcher (which the script chose: 21+). */
final class JavaCommand {
    private JavaCommand() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** JVM options, then system properties, then the tail (the class path and main class, and their arguments). */
    static List<String> of(String heap, List<String> jvmOptions, Map<String, String> systemProperties,
                           List<String> tail) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        // RocksDB and lz4 load native code; say so rather than have every JVM warn about it.
        command.add("--enable-native-access=ALL-UNNAMED");
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(tail);
        return command;
    }
}
