package io.veritrail.cli;

import io.veritrail.deploy.stack.LocalStack;
import io.veritrail.deploy.stack.ManagedProcess;
import io.veritrail.deploy.stack.StackState;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true, description = {
        "Starts the whole pipeline on 127.0.0.1: a KRaft Kafka broker, the schema registry, the topics, then the",
        "ingest, projector and integrity services. Data is kept in the work folder, so a later 'up' continues it.",
        "In the foreground Ctrl-C stops everything; with --detach it returns once all parts answer."})
final class UpCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--detach", description = "Leave the stack running in the background and return.")
    boolean detach;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the event log when it is first created; fixed afterwards (${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--tiered-storage", description = "Create the log with cleanup.policy=delete and infinite "
            + "retention instead of compaction, for clusters with tiered storage.")
    boolean tieredStorage;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        LocalStack local = new LocalStack(stack.layout(), out);
        out.println("Starting Veritrail (work folder " + stack.layout().workDir() + ")");
        long began = System.nanoTime();
        StackState state = local.up(stack.ports(), partitions, tieredStorage, true);
        out.printf("Veritrail is up in %.1f s.%n%n", (System.nanoTime() - began) / 1e9);
        printEndpoints(out, state);
        if (detach) {
            out.println("Running in the background: './veritrail status' shows it, './veritrail down' stops it.");
            return 0;
        }
        out.println("Press Ctrl-C to stop everything.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Veritrail...");
            try {
                local.down();
            } catch (Exception e) {
                out.println("stop failed: " + e.getMessage());
            }
            stopped.countDown();
        }, "veritrail-down"));
        watch(state, out);
        return 0;
    }

    /** Blocks while every part runs; if one dies, says so, and the shutdown hook stops the rest. */
    private static void watch(StackState state, PrintStream out) throws InterruptedException {
        while (true) {
            for (ManagedProcess process : state.processes()) {
                if (!process.isAlive()) {
                    out.println(process.name() + " stopped unexpectedly; see " + process.logFile());
                    System.exit(1);
                }
            }
            Thread.sleep(1000);
        }
    }

    static void printEndpoints(PrintStream out, StackState state) {
        var p = state.ports();
        out.printf("  Kafka             127.0.0.1:%d%n", p.kafka());
        out.printf("  Schema registry   http://127.0.0.1:%d/apis/ccompat/v7%n", p.registry());
        out.printf("  Ingest            http://127.0.0.1:%d   (POST /v1/events)%n", p.ingest());
        out.printf("  Projector         http://127.0.0.1:%d   (GET /v1/entities/{id})%n", p.projector());
        out.printf("  Integrity         http://127.0.0.1:%d   (GET /v1/roots)%n", p.integrity());
        out.println("  Every service:    GET /health, GET /metrics, GET /openapi.yaml (its API)");
        out.println("  Tokens:           TOKEN=$(./veritrail token --role admin)   (roles: admin, collector, auditor, reader)");
        out.println();
    }
}
