package io.veritrail.integrity.log;

/** The state of one partition's tree at a moment: how many leaves, their root, and the last offset hashed. */
public record TreeHead(String topic, int partition, long treeSize, String rootHash, long lastOffset) {
}
