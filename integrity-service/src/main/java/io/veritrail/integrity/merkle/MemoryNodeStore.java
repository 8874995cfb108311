package io.veritrail.integrity.merkle;

import java.util.ArrayList;
import java.util.List;

/** Every perfect subtree of an append-only tree, held in memory: for tests, benchmarks and small trees. */
public final class MemoryNodeStore implements NodeReader, NodeSink {
    private final List<List<byte[]>> levels = new ArrayList<>();

    @Override
    public void completed(int level, long index, byte[] hash) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> row = levels.get(level);
        if (index != row.size()) {
            throw new IllegalStateException("node " + level + "/" + index + " completed out of order");
        }
        row.add(hash);
    }

    @Override
    public byte[] node(int level, long index) {
        if (level >= levels.size() || index >= levels.get(level).size()) {
            throw new IllegalArgumentException("no complete subtree at level " + level + " index " + index);
        }
        return levels.get(level).get((int) index);
    }
}
