package org.threatstats.ingest;

/**
 * Whole records read in one go: {@code bytes[0, length)} holds the file's bytes from {@code offset}, starting on
 * physical line {@code firstLine}. Blocks, not single records, are the items of the chunk-oriented ingest step:
 * the step's per-item bookkeeping then costs nothing next to the parsing, and a chunk of blocks is still the unit
 * that commits (and restarts) atomically.
 */
public record RecordBlock(byte[] bytes, int length, long offset, long firstLine) {
}
