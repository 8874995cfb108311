package io.veritrail.deploy.stack;

/** The loopback ports of a local stack. */
public record StackPorts(int kafka, int controller, int registry, int registryManagement, int ingest, int projector,
                         int integrity) {
    public static final StackPorts DEFAULTS = new StackPorts(9092, 9093, 8081, 9001, 8080, 8090, 8091);
}
