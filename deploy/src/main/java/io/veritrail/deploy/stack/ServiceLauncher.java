package io.veritrail.deploy.stack;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts one of Veritrail's own services as its own JVM and waits until its health check is UP. */
final class ServiceLauncher {
    enum Service {
        INGEST("ingest", "io.veritrail.ingest.IngestApp", "384m", List.of()),
        // Kafka Streams with exactly-once keeps a producer's buffers, fetch buffers and record caches live: in 384 MB
        // the collector ran mixed collections of 10-27 ms under a time-travel query load (measured), visible as the
        // queries' tail latency.
        PROJECTOR("projector", "io.veritrail.projector.ProjectorApp", "1g", List.of()),
        // The integrity service's hot path is three short loops calling into large library code (Kafka's fetch,
        // RocksDB's JNI, the guid runs). With C2's default inlining limits (325 bytecodes for a hot callee, 2,500
        // bytes of compiled code) it compiled those loops with most of that code inlined, some twice (on-stack and
        // whole): in a cold catch-up of a million records the compiler took 1.3-1.9 µs of CPU a leaf, a quarter of
        // the whole. With the limits below, 0.95-1.4, and no thread slower, cold or warm (measured in pairs;
        // docs/performance.md, integrity).
        INTEGRITY("integrity", "io.veritrail.integrity.IntegrityApp", "384m",
                List.of("-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1500"));

        final String id;
        final String mainClass;
        final String heap;
        /** JVM options of this service beyond its heap, measured for it. */
        final List<String> jvmOptions;

        Service(String id, String mainClass, String heap, List<String> jvmOptions) {
            this.id = id;
            this.mainClass = mainClass;
            this.heap = heap;
            this.jvmOptions = jvmOptions;
        }
    }

    private ServiceLauncher() {
    }

    static int port(Service service, StackPorts ports) {
        return switch (service) {
            case INGEST -> ports.ingest();
            case PROJECTOR -> ports.projector();
            case INTEGRITY -> ports.integrity();
        };
    }

    static ManagedProcess start(Service service, StackLayout layout, StackPorts ports) throws IOException {
        int port = port(service, ports);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("veritrail.kafka.bootstrap", "127.0.0.1:" + ports.kafka());
        props.put("veritrail.registry.url", RegistryLauncher.url(ports));
        props.put("veritrail." + service.id + ".port", Integer.toString(port));
        props.put("veritrail.projector.state-dir", layout.data("projector").toString());
        props.put("veritrail.integrity.state-dir", layout.data("integrity").toString());
        props.put("veritrail.ingest.state-dir", layout.data("ingest").toString());
        props.put("veritrail.auth.issuer", StackSecrets.ISSUER);
        props.put("veritrail.auth.hs256-secret-file", StackSecrets.ensureHs256Secret(layout.workDir()).toString());
        props.put("veritrail.crypto.master-keys-file", StackSecrets.ensureMasterKeys(layout.workDir()).toString());
        props.put("veritrail.ingest.projector-url", "http://127.0.0.1:" + ports.projector());
        return launch(service, props, layout, port);
    }

    /** The service's JVM as the stack runs it (heap, flags, classpath), with these settings; once it answers. */
    static ManagedProcess launch(Service service, Map<String, String> settings, StackLayout layout, int port)
            throws IOException {
        ManagedProcess process = ManagedProcess.start(service.id,
                JavaCommand.of(service.heap, service.jvmOptions, settings,
                        List.of("-cp", layout.servicesJar().toString(), service.mainClass)),
                layout.data(service.id), layout.log(service.id), "http://127.0.0.1:" + port);
        Readiness.await(process, Duration.ofSeconds(120), () -> Readiness.answers200(process.endpoint() + "/health"));
        return process;
    }
}
