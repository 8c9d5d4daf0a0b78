package org.threatstats.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.aggregate.Cube;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.ingest.CsvBlockReader;
import org.threatstats.ingest.CsvCursor;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.RecordBlock;

/**
 * Uniqueness of keys across a whole file in bounded memory. The ingest partitions keep 64-bit hashes of the keys
 * they read; a hash seen twice (within or across partitions) makes its key a candidate, and one more pass over the
 * file compares the candidates' actual values, so a hash collision can never reject a good record. The first
 * occurrence of a key is kept; every later one is rejected, naming the line of the first.
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
     * @param rejects              one per repeated key
     * @param adjustments          what to take away from the figures: the repeats that were otherwise accepted
     * @param newlyRejectedRecords records rejected only for repeating a key
     */
    public record Result(List<Reject> rejects, Cube adjustments, long newlyRejectedRecords) {
    }

    /** Reads the keys of a byte range into the dataset's sets (for ranges read by an earlier, crashed process). */
    public void addKeys(long from, long to, long firstLine, KeyRegistry.Partition keys) {
        int keyCount = schema.uniqueKeys().length;
        RecordChecker checker = new RecordChecker(schema, input.fileName());
        long[][] hashes = new long[keyCount][1];
        each(from, to, firstLine, cursor -> {
            for (int k = 0; k < keyCount; k++) {
                long h = checker.keyHash(cursor, k);
                if (h != 0) {
                    hashes[k][0] = h;
                    keys.add(k, hashes[k], 1);
                }
            }
        });
    }

    /** Compares the actual keys of every candidate hash, in one pass over the file. */
    public Result verify(List<Set<Long>> candidates) {
        int keyCount = schema.uniqueKeys().length;
        List<Reject> rejects = new ArrayList<>();
        Cube adjustments = new Cube(schema.cells());
        long[] newly = {0};
        if (candidates.stream().allMatch(Set::isEmpty)) {
            return new Result(rejects, adjustments, 0);
        }
        RecordChecker checker = new RecordChecker(schema, input.fileName());
        List<Map<String, Long>> firstLine = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            firstLine.add(new LinkedHashMap<>());
        }
        InputFile.Slice first = input.slices().get(0);
        InputFile.Slice last = input.slices().get(input.slices().size() - 1);
        each(first.start(), last.end(), first.firstLine(), cursor -> {
            boolean counted = false;
            for (int k = 0; k < keyCount; k++) {
                long h = checker.keyHash(cursor, k);
                if (h == 0 || !candidates.get(k).contains(h)) {
                    continue;
                }
                String key = checker.keyText(cursor, k);
                Long seen = firstLine.get(k).putIfAbsent(key, cursor.recordLine());
                if (seen == null) {
                    continue;
                }
                int[] columns = schema.uniqueKeys()[k];
                String column = schema.uniqueKeyNames().get(k);
                rejects.add(new Reject(input.fileName(), cursor.recordLine(), column, key, "unique",
                        (columns.length == 1 ? column : "the key " + column) + " '" + key
                                + "' already appears on line " + seen, false));
                if (!counted) {
                    counted = true;
                    // a repeat that was otherwise valid was counted by the ingest step: take it out again
                    if (checker.check(cursor)) {
                        newly[0]++;
                        if (checker.period() >= 0) {
                            adjustments.add(checker.period(), checker.cell(), -checker.weight());
                        }
                    }
                }
            }
        });
        rejects.sort(Comparator.comparingLong(Reject::line));
        return new Result(rejects, adjustments, newly[0]);
    }

    private interface RecordVisitor {
        void visit(CsvCursor cursor);
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
                cursor.reset(block.bytes(), 0, block.length(), block.firstLine(), block.endOfFile());
                while (cursor.next()) {
                    if (!cursor.blank() && cursor.problem() == null
                            && cursor.fieldCount() == schema.columnCount()) {
                        visitor.visit(cursor);
                    }
                }
            }
        } finally {
            reader.close();
        }
    }
}
