package io.veritrail.bench.jmh;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.Rfc6962;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The integrity service's per-record work: hash a 512-byte record as a leaf and append it to the compact range. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerkleAppendBenchmark {
    private final byte[] record = new byte[512];
    private CompactRange range;
    private byte[] leaf;

    @Setup
    public void setUp() {
        new Random(1).nextBytes(record);
        range = new CompactRange();
        leaf = Rfc6962.leafHash(record);
    }

    @Benchmark
    public byte[] leafHashOf512Bytes() {
        return Rfc6962.leafHash(record);
    }

    @Benchmark
    public long appendLeaf() {
        range.append(leaf);
        return range.size();
    }

    @Benchmark
    public long hashAndAppend() {
        range.append(Rfc6962.leafHash(record));
        return range.size();
    }
}
