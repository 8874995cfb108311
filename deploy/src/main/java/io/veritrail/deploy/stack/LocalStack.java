package io.veritrail.deploy.stack;

import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole pipeline on one machine: a KRaft broker, the schema registry, the topics, then ingest, projector
 * and integrity, each its own JVM. Parts start in dependency order and stop in reverse; a part that fails to
 * start stops the ones started before it.
 */
public final class LocalStack {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackLayout layout;
    private final PrintStream out;

    public LocalStack(StackLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /**
     * Starts the stack. Without {@code services} only the broker, the topics and the registry start: what a
     * benchmark or a test needs to run the services its own way.
     */
    public StackState up(StackPorts ports, int partitions, boolean tieredStorage, boolean services)
            throws IOException, InterruptedException {
        layout.requireBuilt();
        StackState running = StackState.read(layout.stateFile()).orElse(null);
        if (running != null && running.processes().stream().anyMatch(ManagedProcess::isAlive)) {
            throw new IllegalStateException("a stack already runs from " + layout.workDir()
                    + "; './veritrail status' shows it, './veritrail down' stops it");
        }
        StackState state = new StackState(ports, List.of());
        try {
            state = started(state, BrokerLauncher.start(layout, ports));
            createTopics(ports, partitions, tieredStorage);
            state = started(state, RegistryLauncher.start(layout, ports));
            for (ServiceLauncher.Service service : services ? ServiceLauncher.Service.values()
                    : new ServiceLauncher.Service[0]) {
                state = started(state, ServiceLauncher.start(service, layout, ports));
            }
            return state;
        } catch (IOException | RuntimeException | InterruptedException e) {
            out.println("start failed: " + e.getMessage());
            stop(state);
            throw e;
        }
    }

    private StackState started(StackState state, ManagedProcess process) {
        out.printf("  %-10s up   %-45s (pid %d, log %s)%n", process.name(), process.endpoint(), process.pid(),
                layout.workDir().relativize(process.logFile()));
        StackState next = state.with(process);
        next.write(layout.stateFile());
        return next;
    }

    private void createTopics(StackPorts ports, int partitions, boolean tieredStorage) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + ports.kafka()))) {
            new TopicProvisioner(admin).ensure(Topics.all(partitions, (short) 1, tieredStorage), Duration.ofSeconds(60));
        }
        out.printf("  %-10s ok   %s (%d partitions)%n", "topics", Topics.EVENTS + " and the rest", partitions);
    }

    /** Stops every process of the stack recorded in the working folder; answers false when none was recorded. */
    public boolean down() throws IOException {
        StackState state = StackState.read(layout.stateFile()).orElse(null);
        if (state == null) {
            return false;
        }
        stop(state);
        Files.deleteIfExists(layout.stateFile());
        return true;
    }

    private void stop(StackState state) {
        List<ManagedProcess> reversed = state.processes().reversed();
        for (ManagedProcess process : reversed) {
            if (process.isAlive()) {
                boolean clean = process.stop(STOP_GRACE);
                out.printf("  %-10s %s%n", process.name(), clean ? "stopped" : "killed after " + STOP_GRACE.toSeconds() + " s");
            }
        }
    }

    /** Work done while one service is stopped. */
    @FunctionalInterface
    public interface WhileStopped {
        void run(StackState state) throws Exception;
    }

    /**
     * Stops one of the stack's services ({@code ingest}, {@code projector}, {@code integrity}), runs {@code action},
     * and starts the service again, waiting until it answers.
     */
    public void restart(String service, WhileStopped action) throws Exception {
        StackState state = StackState.read(layout.stateFile())
                .orElseThrow(() -> new IllegalStateException("no stack runs from " + layout.workDir()));
        ManagedProcess old = state.processes().stream().filter(p -> p.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the stack has no " + service));
        out.printf("  %-10s %s%n", service, old.stop(STOP_GRACE) ? "stopped" : "killed");
        action.run(state);
        ManagedProcess fresh = ServiceLauncher.start(serviceNamed(service), layout, state.ports());
        List<ManagedProcess> processes = state.processes().stream().map(p -> p == old ? fresh : p).toList();
        new StackState(state.ports(), processes).write(layout.stateFile());
        out.printf("  %-10s up   %s (pid %d)%n", service, fresh.endpoint(), fresh.pid());
    }

    /**
     * Starts one service ({@code ingest}, {@code projector}, {@code integrity}) as its own JVM, the way the stack
     * runs it (heap, flags, classpath), but with the caller's settings as system properties ({@code veritrail.*}),
     * and outside the stack's state file: the caller stops it. For benchmarks that measure a service as deployed.
     */
    public ManagedProcess startService(String service, Map<String, String> settings, int port) throws IOException {
        return ServiceLauncher.launch(serviceNamed(service), settings, layout, port);
    }

    /**
     * The command line of a JVM with the heap and flags the stack gives a service ({@code ingest}, {@code projector},
     * {@code integrity}), ending in {@code tail} (classpath, main class, arguments): for benchmarks that run a
     * service's code in a JVM like the one it is deployed in.
     */
    public static List<String> javaCommandLike(String service, List<String> tail) {
        ServiceLauncher.Service deployed = serviceNamed(service);
        return JavaCommand.of(deployed.heap, deployed.jvmOptions, Map.of(), tail);
    }

    /** One of the stack's services by its name as the command line and the state file spell it. */
    private static ServiceLauncher.Service serviceNamed(String service) {
        return ServiceLauncher.Service.valueOf(service.toUpperCase(java.util.Locale.ROOT));
    }

    public StackLayout layout() {
        return layout;
    }

    public List<PartStatus> status() {
        StackState state = StackState.read(layout.stateFile()).orElse(null);
        if (state == null) {
            return List.of();
        }
        return state.processes().stream().map(PartStatus::probe).toList();
    }

    /** Whether a part runs, and whether it answers. */
    public record PartStatus(ManagedProcess process, boolean alive, boolean healthy) {
        static PartStatus probe(ManagedProcess process) {
            boolean alive = process.isAlive();
            String endpoint = process.endpoint();
            boolean healthy = alive && (endpoint.startsWith("http")
                    ? Readiness.answers200(endpoint.contains("/apis/") ? endpoint + "/subjects" : endpoint + "/health")
                    : Readiness.brokerAnswers(endpoint));
            return new PartStatus(process, alive, healthy);
        }
    }
}
