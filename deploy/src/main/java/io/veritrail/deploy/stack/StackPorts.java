package io.veritrail.deploy.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The loopback ports of a local stack. */
public record StackPorts(int kafka, int controller, int registry, int registryManagement, int ingest, int projector,
                         int integrity) {
    public static final StackPorts DEFAULTS = new StackPorts(9092, 9093, 8081, 9001, 8080, 8090, 8091);

    /** Ports free right now, for a stack that must not collide with one already running (benchmarks, tests). */
    public static StackPorts free() throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                sockets.add(new ServerSocket(0, 0, InetAddress.getLoopbackAddress()));
            }
            int[] p = sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            return new StackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
