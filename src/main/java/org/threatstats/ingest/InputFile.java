package org.threatstats.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What is known about one input file before the run starts: whether it is there, its size, its SHA-256 (part of
 * the run's identity) and where the file can be cut into partitions without splitting a record.
 *
 * @param lastModified the file's modification time when it was fingerprinted, to notice a file replaced mid-run
 * @param sha256 hex SHA-256 of the file's bytes, or {@code "absent"}
 * @param slices ranges of whole records after the header, in file order; empty when the file is absent
 * @param starts record starts about a block apart, for the ingest's reads
 */
public record InputFile(String dataset, Path path, boolean present, long size, long lastModified, String sha256,
        List<Slice> slices, RecordStarts starts) {

    public static final String ABSENT = "absent";

    public static InputFile absent(String dataset, Path path) {
        return new InputFile(dataset, path, false, 0, 0, ABSENT, List.of(), RecordStarts.NONE);
    }

    /** The same file cut as an earlier attempt of the run cut it (a restart must read the same partitions). */
    public InputFile withSlices(List<Slice> recorded) {
        return new InputFile(dataset, path, present, size, lastModified, sha256, List.copyOf(recorded), starts);
    }

    /** Whether the file on disk is no longer the one that was fingerprinted. */
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
     * A byte range of whole records: [start, end), the physical line its first record starts on, and how many
     * line ends it contains (to size per-partition structures).
     */
    public record Slice(long start, long end, long firstLine, long lineEnds) {
    }

    /**
     * Where records start (just past a line end outside quotes), about one block apart, with the physical line
     * each starts on, in file order. The survey finds them as it counts the file's quotes and line ends, so the
     * ingest can read from one to the next without looking for the last whole record of each block itself (that
     * look was a pass over every byte: a twentieth of the ingest's work).
     */
    public record RecordStarts(long[] offsets, long[] lines) {
        public static final RecordStarts NONE = new RecordStarts(new long[0], new long[0]);

        /** The index of the first start after {@code offset}, or the number of starts if there is none. */
        public int after(long offset) {
            int i = java.util.Arrays.binarySearch(offsets, offset);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }
}
