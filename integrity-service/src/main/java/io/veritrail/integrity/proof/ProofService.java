package io.veritrail.integrity.proof;

import io.veritrail.integrity.checkpoint.Checkpoint;
import io.veritrail.integrity.checkpoint.CheckpointPublisher;
import io.veritrail.integrity.merkle.MerkleProofs;
import io.veritrail.integrity.merkle.NodeReader;
import io.veritrail.integrity.merkle.Rfc6962;
import io.veritrail.integrity.store.IntegrityStore;
import java.util.Optional;

/**
 * Answers proofs from the committed trees. Unless told a tree size, a proof is against the latest published
 * checkpoint when it covers the leaf, else against the committed tree with a checkpoint signed for it.
 */
public final class ProofService {
    private final String topic;
    private final int partitions;
    private final IntegrityStore store;
    private final CheckpointPublisher checkpoints;
    private final OnDemandNotes onDemand = new OnDemandNotes();

    public ProofService(String topic, int partitions, IntegrityStore store, CheckpointPublisher checkpoints) {
        this.topic = topic;
        this.partitions = partitions;
        this.store = store;
        this.checkpoints = checkpoints;
    }

    public InclusionProof inclusionOfEvent(String guid, Long treeSize) {
        IntegrityStore.Location at = store.locate(guid)
                .orElseThrow(() -> new ProofNotPossibleException("no event " + guid + " has been hashed", true));
        return inclusionAt(at.partition(), at.offset(), treeSize);
    }

    public InclusionProof inclusionAt(int partition, long offset, Long treeSize) {
        long committed = committedSize(partition);
        long leaf = store.leafOf(partition, offset, committed).orElseThrow(() -> new ProofNotPossibleException(
                "partition " + partition + " has no hashed data record at offset " + offset, true));
        long size = treeSize != null ? treeSize : defaultSize(partition, leaf + 1, committed);
        if (size <= leaf || size > committed) {
            throw new ProofNotPossibleException("tree size " + size + " must be above the leaf index " + leaf
                    + " and at most the committed size " + committed, false);
        }
        NodeReader nodes = store.nodes(partition);
        byte[] root = MerkleProofs.root(nodes, size);
        return new InclusionProof(topic, partition, offset, leaf, size, Rfc6962.hex(nodes.node(0, leaf)),
                MerkleProofs.inclusion(nodes, leaf, size).stream().map(Rfc6962::hex).toList(), Rfc6962.hex(root),
                note(partition, size, root));
    }

    public ConsistencyProof consistency(int partition, long from, Long to) {
        long committed = committedSize(partition);
        long toSize = to != null ? to : defaultSize(partition, from, committed);
        if (from < 0 || from > toSize || toSize > committed) {
            throw new ProofNotPossibleException("need 0 <= from <= to <= committed size " + committed + "; got from "
                    + from + " to " + toSize, false);
        }
        NodeReader nodes = store.nodes(partition);
        return new ConsistencyProof(topic, partition, from, toSize, Rfc6962.hex(MerkleProofs.root(nodes, from)),
                Rfc6962.hex(MerkleProofs.root(nodes, toSize)),
                MerkleProofs.consistency(nodes, from, toSize).stream().map(Rfc6962::hex).toList());
    }

    public Optional<String> latestCheckpoint(int partition) {
        checkPartition(partition);
        return store.checkpoint(partition);
    }

    private long committedSize(int partition) {
        checkPartition(partition);
        return store.state(partition).treeSize();
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new ProofNotPossibleException("the log has partitions 0 to " + (partitions - 1), true);
        }
    }

    /** The latest checkpoint's size if it holds at least {@code minimum} leaves, else the committed size. */
    private long defaultSize(int partition, long minimum, long committed) {
        return store.checkpoint(partition).map(Checkpoint::parse).map(Checkpoint::treeSize)
                .filter(size -> size >= minimum && size <= committed).orElse(committed);
    }

    private String note(int partition, long size, byte[] root) {
        return store.checkpoint(partition).filter(n -> Checkpoint.parse(n).treeSize() == size)
                .orElseGet(() -> onDemand.note(partition, size, () -> checkpoints.sign(partition, size, root)));
    }
}
