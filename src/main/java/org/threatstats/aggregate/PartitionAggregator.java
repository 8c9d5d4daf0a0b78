package org.threatstats.aggregate;

import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.threatstats.ingest.BlockPool;
import org.threatstats.validation.BlockResult;
import org.threatstats.validation.Reject;
import org.threatstats.validation.RejectSpool;

/**
 * The "aggregate" stage of the ingest step: adds each validated block to the partition's cube and counts, spools
 * its rejects and records its keys. At every commit the cube, the counts and the spool's length go into the step's
 * execution context, in the same transaction as the reader's position: after a crash the partition resumes from
 * a state in which every committed record was counted exactly once.
 */
public final class PartitionAggregator implements ItemStreamWriter<BlockResult> {
    private final int cells;
    private final Path spoolPath;
    private final KeyRegistry.Partition keys;
    private final BlockPool pool;

    private Cube cube;
    private PartitionCounts counts;
    private RejectSpool spool;
    private long[] totalRows = new long[0];
    private long[] totalLines = new long[0];

    public PartitionAggregator(int cells, Path spoolPath, KeyRegistry.Partition keys, BlockPool pool) {
        this.pool = pool;
        this.cells = cells;
        this.spoolPath = spoolPath;
        this.keys = keys;
    }

    @Override
    public void open(ExecutionContext context) {
        cube = context.containsKey(PartitionCounts.CUBE) ? Cube.decode(context.getString(PartitionCounts.CUBE))
                : new Cube(cells);
        counts = PartitionCounts.read(context);
        long[][] totals = PartitionCounts.decodeTotals(context);
        totalRows = totals[0];
        totalLines = totals[1];
        spool = new RejectSpool(spoolPath, counts.spoolLength(), counts.rejects());
    }

    @Override
    public void write(Chunk<? extends BlockResult> chunk) {
        for (BlockResult block : chunk) {
            long[] entries = block.entries();
            long[] weights = block.weights();
            int outside = 0;
            for (int i = 0; i < block.accepted(); i++) {
                long e = entries[i];
                int period = (int) (e >> 32);
                if (period < 0) {
                    outside++;
                    continue;
                }
                cube.add(period, (int) e, weights == null ? 1 : weights[i]);
            }
            int fatal = 0;
            for (Reject r : block.rejects()) {
                spool.add(r);
                if (r.fatal()) {
                    fatal++;
                }
            }
            for (int k = 0; k < block.keyCounts().length; k++) {
                keys.add(k, block.keyTokens()[k], block.keyCounts()[k]);
            }
            if (block.totalRows().length > 0) {
                int n = totalRows.length;
                totalRows = Arrays.copyOf(totalRows, n + block.totalRows().length);
                totalLines = Arrays.copyOf(totalLines, n + block.totalLines().length);
                System.arraycopy(block.totalRows(), 0, totalRows, n, block.totalRows().length);
                System.arraycopy(block.totalLines(), 0, totalLines, n, block.totalLines().length);
            }
            counts = counts.plus(block, outside, fatal);
            pool.release(block.entries());
            pool.release(block.weights());
            for (long[] k : block.keyTokens()) {
                pool.release(k);
            }
        }
    }

    @Override
    public void update(ExecutionContext context) {
        long length = spool.commit();
        counts = counts.withSpool(length, spool.count());
        context.putString(PartitionCounts.CUBE, cube.encode());
        counts.saveTo(context);
        PartitionCounts.encodeTotals(context, totalRows, totalLines);
    }

    @Override
    public void close() {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }
}
