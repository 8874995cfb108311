package io.veritrail.bench.jmh;

import io.veritrail.integrity.merkle.CompactRange;
import io.veritrail.integrity.merkle.MemoryNodeStore;
import io.veritrail.integrity.merkle.MerkleProofs;
import io.veritrail.integrity.merkle.ProofVerifier;
import io.veritrail.integrity.merkle.Rfc6962;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Proof generation from stored perfect subtrees at a million leaves, and verification as an outsider does it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InclusionProofBenchmark {
    @Param({"1000000"})
    public int leaves;

    private MemoryNodeStore nodes;
    private byte[] root;
    private final SplittableRandom random = new SplittableRandom(7);
    private List<byte[]> samplePath;
    private byte[] sampleLeaf;
    private long sampleIndex;

    @Setup
    public void setUp() {
        nodes = new MemoryNodeStore();
        CompactRange range = new CompactRange();
        for (int i = 0; i < leaves; i++) {
            range.append(Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(i).array()), nodes);
        }
        root = range.root();
        sampleIndex = leaves / 3;
        sampleLeaf = Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(sampleIndex).array());
        samplePath = MerkleProofs.inclusion(nodes, sampleIndex, leaves);
    }

    @Benchmark
    public List<byte[]> inclusionProofOfARandomLeaf() {
        return MerkleProofs.inclusion(nodes, random.nextLong(leaves), leaves);
    }

    @Benchmark
    public List<byte[]> consistencyProofFromARandomSize() {
        return MerkleProofs.consistency(nodes, 1 + random.nextLong(leaves - 1), leaves);
    }

    @Benchmark
    public boolean verifyInclusion() {
        return ProofVerifier.verifyInclusion(sampleIndex, leaves, sampleLeaf, samplePath, root);
    }
}
