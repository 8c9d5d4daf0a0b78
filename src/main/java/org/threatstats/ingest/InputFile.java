package org.threatstats.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What is known about one input file before the run starts: whether it is there, its size, its SHA-256 (part of
 * the run's identity) and how it is cut into slices of whole records, each read by one partition of the ingest.
 *
 * @param lastModified the file's modification time when it was fingerprinted, to notice a file replaced mid-run
 * @param sha256       hex SHA-256 of the file's bytes, or {@code "absent"}
 * @param slices       ranges of whole records after the header, in file order; empty when the file is absent
 */
public record InputFile(String dataset, Path path, boolean present, long size, long lastModified, String sha256,
        List<Slice> slices) {

    public static final String ABSENT = "absent";

    public static InputFile absent(String dataset, Path path) {
        return new InputFile(dataset, path, false, 0, 0, ABSENT, List.of());
    }

    /** Whether the file on disk is no longer the size and age it had when it was fingerprinted. */
    public boolean changedSince() {
        try {
            return present && (Files.size(path) != size
                    || Files.getLastModifiedTime(path).toMillis() != lastModified);
        } catch (IOException e) {
            return true;
        }
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    /**
     * A byte range of whole records, [start, end), read by one partition, and the blocks it is read in: block
     * {@code i} runs from {@code blockStarts[i]} to the next block's start (or {@code end}), starts on physical line
     * {@code blockLines[i]}, and had the {@link BlockHash} {@code blockHashes[i]} when the file was fingerprinted.
     * Slices and blocks depend on the file's bytes only, so a restart on any machine reads the same ones.
     *
     * @param firstLine the physical line the slice's first record starts on
     * @param lineEnds  how many line ends the slice holds (to size per-partition structures)
     */
    public record Slice(long start, long end, long firstLine, long lineEnds, long[] blockStarts, long[] blockLines,
            long[] blockHashes) {

        public int blocks() {
            return blockStarts.length;
        }

        /** Where block {@code i} ends: the next block's start, or the slice's end. */
        public long blockEnd(int i) {
            return i + 1 < blockStarts.length ? blockStarts[i + 1] : end;
        }
    }
}
