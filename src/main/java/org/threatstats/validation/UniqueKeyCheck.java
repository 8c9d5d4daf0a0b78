package org.threatstats.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.aggregate.Cube;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.aggregate.LongSet;
import org.threatstats.ingest.CsvBlockReader;
import org.threatstats.ingest.CsvCursor;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.RecordBlock;

/**
 * Uniqueness of keys across a whole file in bounded memory. The ingest partitions keep 64-bit hashes of the keys
 * they read; a hash seen twice (within or across partitions) makes its key a candidate, and one more pass over the
 * file compares the candidates' actual values, so a hash collision can never reject a good record. The first
 * occurrence of a key is kept; every later one is rejected, naming the line of the first.
 *
 * <p>The check holds, per candidate hash, only where its first occurrence is (line and byte offset), and reads
 * that record's key again when a repeat needs comparing: a file appended to itself costs time, not memory. Its
 * rejects go straight to a spool, in line order.
 */
public final class UniqueKeyCheck {
    private static final int BLOCK = 4 << 20;

    private final DatasetSchema schema;
    private final InputFile input;

    public UniqueKeyCheck(DatasetSchema schema, InputFile input) {
        this.schema = schema;
        this.input = input;
    }

    /**
     * @param adjustments          what to take away from the figures: the repeats that were otherwise accepted
     * @param newlyRejectedRecords records rejected only for repeating a key
     * @param newlyRejectedOutside of those, the ones that belonged to no period of the report
     */
    public record Result(long rejects, Cube adjustments, long newlyRejectedRecords, long newlyRejectedOutside) {
    }

    /** Reads the keys of a byte range into a partition's sets (for ranges read by an earlier, crashed process). */
    public void addKeys(long from, long to, long firstLine, KeyRegistry.Keys dataset, KeyRegistry.Partition keys) {
        int keyCount = schema.uniqueKeys().length;
        RecordChecker checker = new RecordChecker(schema, input.fileName());
        long[][] tokens = new long[keyCount][1];
        each(from, to, firstLine, (cursor, offset) -> {
            for (int k = 0; k < keyCount; k++) {
                long token = checker.keyToken(cursor, k, dataset.forms(k));
                if (token != 0) {
                    tokens[k][0] = token;
                    keys.add(k, tokens[k], 1);
                }
            }
        });
    }

    /** Compares the actual keys of every candidate hash, in one pass over the file, spooling the repeats. */
    public Result verify(List<LongSet> candidates, RejectSpool spool) {
        int keyCount = schema.uniqueKeys().length;
        Cube adjustments = new Cube(schema.cells());
        long[] counts = new long[3];
        if (candidates.stream().allMatch(c -> c.size() == 0)) {
            return new Result(0, adjustments, 0, 0);
        }
        RecordChecker checker = new RecordChecker(schema, input.fileName());
        FirstSeen[] first = new FirstSeen[keyCount];
        List<Map<String, Long>> collided = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            first[k] = new FirstSeen(candidates.get(k).size());
            collided.add(new HashMap<>());
        }
        InputFile.Slice from = input.slices().get(0);
        InputFile.Slice to = input.slices().get(input.slices().size() - 1);
        try (FileChannel channel = FileChannel.open(input.path(), StandardOpenOption.READ)) {
            each(from.start(), to.end(), from.firstLine(), (cursor, offset) -> {
                boolean counted = false;
                for (int k = 0; k < keyCount; k++) {
                    long h = checker.keyHash(cursor, k);
                    if (h == 0 || !candidates.get(k).contains(h)) {
                        continue;
                    }
                    int at = first[k].find(h);
                    if (at < 0) {
                        first[k].put(h, cursor.recordLine(), offset);
                        continue;
                    }
                    String key = checker.keyText(cursor, k);
                    Long seen;
                    if (key.equals(keyAt(channel, first[k].offset(at), k, checker))) {
                        seen = first[k].line(at);
                    } else {
                        // a different key with the same hash: rare, so these few are kept by value
                        seen = collided.get(k).putIfAbsent(key, cursor.recordLine());
                        if (seen == null) {
                            continue;
                        }
                    }
                    int[] columns = schema.uniqueKeys()[k];
                    String column = schema.uniqueKeyNames().get(k);
                    String shown = RecordChecker.display(key);
                    spool.add(new Reject(input.fileName(), cursor.recordLine(), column, shown, "unique",
                            (columns.length == 1 ? column : "the key " + column) + " '" + shown
                                    + "' already appears on line " + seen, false));
                    counts[0]++;
                    if (!counted) {
                        counted = true;
                        // a repeat that was otherwise valid was counted by the ingest step: take it out again
                        if (checker.check(cursor)) {
                            counts[1]++;
                            if (checker.period() >= 0) {
                                adjustments.add(checker.period(), checker.cell(), -checker.weight());
                            } else {
                                counts[2]++;
                            }
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.path(), e);
        }
        return new Result(counts[0], adjustments, counts[1], counts[2]);
    }

    /** The key of the record that starts at {@code offset}. */
    private String keyAt(FileChannel channel, long offset, int k, RecordChecker checker) {
        try {
            int size = 64 * 1024;
            while (true) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, input.size() - offset));
                channel.read(buffer, offset);
                CsvCursor cursor = new CsvCursor(schema.columnCount());
                boolean whole = offset + buffer.limit() >= input.size();
                cursor.reset(buffer.array(), 0, buffer.position(), 0);
                if (cursor.next() && (whole || cursor.position() < buffer.position())) {
                    return checker.keyText(cursor, k);
                }
                size *= 4;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.path(), e);
        }
    }

    private interface RecordVisitor {
        void visit(CsvCursor cursor, long offset);
    }

    private void each(long from, long to, long firstLine, RecordVisitor visitor) {
        if (from >= to) {
            return;
        }
        CsvBlockReader reader = new CsvBlockReader(input.path(), new InputFile.Slice(from, to, firstLine, 0),
                input.size(), BLOCK);
        reader.open(new ExecutionContext());
        CsvCursor cursor = new CsvCursor(schema.columnCount());
        try {
            RecordBlock block;
            while ((block = reader.read()) != null) {
                cursor.reset(block.bytes(), 0, block.length(), block.firstLine());
                while (cursor.next()) {
                    if (!cursor.blank() && cursor.problem() == null
                            && cursor.fieldCount() == schema.columnCount()) {
                        visitor.visit(cursor, block.offset() + cursor.recordStart());
                    }
                }
            }
        } finally {
            reader.close();
        }
    }

    /** Hash to (line, byte offset) of its first occurrence: open addressing over primitive arrays. */
    private static final class FirstSeen {
        private final long[] hashes;
        private final long[] lines;
        private final long[] offsets;

        FirstSeen(int expected) {
            int capacity = Math.max(16, (int) (expected / 0.7) + 1);
            hashes = new long[capacity];
            lines = new long[capacity];
            offsets = new long[capacity];
        }

        int find(long hash) {
            int i = slot(hash);
            while (hashes[i] != 0) {
                if (hashes[i] == hash) {
                    return i;
                }
                i = i + 1 == hashes.length ? 0 : i + 1;
            }
            return -1;
        }

        void put(long hash, long line, long offset) {
            int i = slot(hash);
            while (hashes[i] != 0) {
                i = i + 1 == hashes.length ? 0 : i + 1;
            }
            hashes[i] = hash;
            lines[i] = line;
            offsets[i] = offset;
        }

        long line(int i) {
            return lines[i];
        }

        long offset(int i) {
            return offsets[i];
        }

        private int slot(long hash) {
            return (int) (((hash >>> 32) * hashes.length) >>> 32);
        }
    }
}
