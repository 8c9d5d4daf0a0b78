package org.threatstats.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.aggregate.PartitionAggregator;
import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.JobDefinition;
import org.threatstats.ingest.BlockPool;
import org.threatstats.ingest.CsvBlockReader;
import org.threatstats.ingest.CsvHeader;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.validation.BlockValidator;
import org.threatstats.validation.DatasetSchema;

/**
 * Readies the ingest's code while a large input is still being fingerprinted. The SHA-256 of a large file is
 * sequential, and for its last few hundred milliseconds nothing else is left to do before the job can start: one
 * core waits. Meanwhile this reads, checks and counts the file's first few megabytes in small blocks, with sets,
 * cube and rejects of its own that are thrown away, so that the JIT compiles the parser, the checks and the
 * aggregation before the partitions start (on 10 million records it otherwise compiled them in the ingest's first
 * quarter second, on a core the partitions needed). It changes nothing a run computes or writes.
 */
public final class IngestWarmUp {
    /** Files smaller than this are read in a second or less: readying the code would cost more than it saves. */
    static final long MIN_FILE = 64L << 20;
    private static final long READ = 8L << 20;
    private static final int BLOCK = 64 << 10;

    private IngestWarmUp() {
    }

    /** Reads the start of each large input of the job until {@code done} says the survey has finished. */
    public static void run(JobDefinition definition, Path inputDir, BooleanSupplier done) {
        run(definition, inputDir, done, MIN_FILE);
    }

    /** {@link #run}, for inputs of at least {@code minFile} bytes. */
    static void run(JobDefinition definition, Path inputDir, BooleanSupplier done, long minFile) {
        try {
            // the job's start writes the partitions' slices as JSON: Jackson's first use took 25 ms then
            Json.write(List.of(new InputFile.Slice(0, 1, 2, 3)));
            for (DatasetDefinition d : definition.datasets()) {
                if (done.getAsBoolean()) {
                    return;
                }
                read(d, definition.period().yearEnding().getValue(), inputDir.resolve(d.file()), done, minFile);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // only the JIT's readiness is at stake: the run itself reads, and reports on, the file
        }
    }

    private static void read(DatasetDefinition dataset, int endMonth, Path path, BooleanSupplier done, long minFile)
            throws IOException {
        long size = Files.isRegularFile(path) ? Files.size(path) : -1;
        if (size < 0 || size < minFile) {
            return;
        }
        CsvHeader header = CsvHeader.read(path, dataset.header());
        if (!header.ok()) {
            return;
        }
        DatasetSchema schema = new DatasetSchema(dataset, endMonth);
        KeyRegistry.Keys keys = new KeyRegistry().keys(schema.name(), schema.uniqueKeyNames().size());
        InputFile.Slice slice = new InputFile.Slice(header.bodyStart(), Math.min(size, header.bodyStart() + READ),
                header.bodyFirstLine(), 0);
        BlockPool pool = new BlockPool(BLOCK);
        CsvBlockReader reader = new CsvBlockReader(path, slice, size, BLOCK, pool, null);
        BlockValidator validator = new BlockValidator(schema, path.getFileName().toString(), pool, keys);
        Path spool = Files.createTempFile("threatstats-warm-up", ".csv");
        PartitionAggregator aggregator = new PartitionAggregator(schema.cells(), spool,
                keys.start("warm-up", slice.start(), READ / 32), pool);
        ExecutionContext context = new ExecutionContext();
        try {
            reader.open(context);
            aggregator.open(context);
            RecordBlock block;
            while (!done.getAsBoolean() && (block = reader.read()) != null) {
                aggregator.write(Chunk.of(validator.process(block)));
            }
        } catch (UncheckedIOException e) {
            // a file shorter than it was: the survey will say so
        } finally {
            reader.close();
            aggregator.close();
            Files.deleteIfExists(spool);
        }
    }
}
