package io.veritrail.integrity.log;

/**
 * The state of one partition's tree at a moment: how many leaves, their root, and the offset just before the next one
 * to read ({@code -1} before anything was read). That offset may be a transaction marker's rather than a leaf's: it
 * says how far the log was read, which is what a reader comparing with the log's end needs.
 */
public record TreeHead(String topic, int partition, long treeSize, String rootHash, long lastOffset) {
}
