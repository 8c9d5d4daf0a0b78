package org.threatstats.aggregate;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.threatstats.ingest.BlockPool;
import org.threatstats.keys.TokenSpool;
import org.threatstats.validation.BlockResult;
import org.threatstats.validation.Reject;
import org.threatstats.validation.RejectSpool;

/**
 * The "aggregate" stage of one partition: adds each validated block to the partition's cube and counts, spools its
 * rejects and its key tokens. {@link #commit()} gives the partition's state as of the last block added, to be
 * committed with the reader's position: after a crash the partition resumes from a state in which every committed
 * record was counted exactly once.
 */
public final class PartitionTally implements AutoCloseable {

    /**
     * A partition's committed state.
     *
     * @param cube          the partial cube, {@link Cube#encode() encoded}
     * @param rejectsLength the committed length of the rejects spool, and {@code rejects} the number in it
     * @param tokenLengths  the committed length of each key's token spool
     * @param totalRows     for datasets with a totals rule: {@code period << 32 | cell} of each stated-total row,
     *                      and {@code totalLines} its line
     */
    public record State(String cube, PartitionCounts counts, long rejectsLength, long rejects, long[] tokenLengths,
            long[] totalRows, long[] totalLines) {

        public static State empty(int cells, int keys) {
            return new State(new Cube(cells).encode(), PartitionCounts.empty(), 0, 0, new long[keys], new long[0],
                    new long[0]);
        }
    }

    private final BlockPool pool;
    private final Cube cube;
    private final RejectSpool rejects;
    private final TokenSpool[] tokens;
    private PartitionCounts counts;
    private long[] totalRows;
    private long[] totalLines;

    /** Goes on from {@code state}, with the spools at these paths (one token spool per unique key). */
    public PartitionTally(State state, Path rejectsSpool, List<Path> tokenSpools, BlockPool pool) {
        this.pool = pool;
        cube = Cube.decode(state.cube());
        counts = state.counts();
        totalRows = state.totalRows();
        totalLines = state.totalLines();
        rejects = new RejectSpool(rejectsSpool, state.rejectsLength(), state.rejects());
        tokens = new TokenSpool[tokenSpools.size()];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = new TokenSpool(tokenSpools.get(k), state.tokenLengths()[k]);
        }
    }

    /** Whether the spools hold what {@code state} says was committed (not so only after a machine's crash). */
    public static boolean intact(State state, Path rejectsSpool, List<Path> tokenSpools) {
        if (RejectSpool.shorterThan(rejectsSpool, state.rejectsLength())) {
            return false;
        }
        for (int k = 0; k < tokenSpools.size(); k++) {
            if (TokenSpool.shorterThan(tokenSpools.get(k), state.tokenLengths()[k])) {
                return false;
            }
        }
        return true;
    }

    public void add(BlockResult block) {
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
            rejects.add(r);
            if (r.fatal()) {
                fatal++;
            }
        }
        for (int k = 0; k < tokens.length; k++) {
            tokens[k].add(block.keyTokens()[k], block.keyCounts()[k]);
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

    /** Writes the spools out and returns the state to commit. */
    public State commit() {
        long rejectsLength = rejects.commit();
        long[] tokenLengths = new long[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
            tokenLengths[k] = tokens[k].flush();
        }
        return new State(cube.encode(), counts, rejectsLength, rejects.count(), tokenLengths, totalRows, totalLines);
    }

    @Override
    public void close() {
        rejects.close();
        for (TokenSpool t : tokens) {
            t.close();
        }
    }
}
