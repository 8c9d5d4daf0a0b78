package org.threatstats.publish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small-cell suppression for a cross-tabulation whose row and column totals are published (here or in another
 * table). Primary: every count from 1 to the threshold. Secondary: more cells, smallest first, until no
 * suppressed value can be worked out from the published totals.
 *
 * <p>With every row and column total known, the suppressed cells form a bipartite graph (rows and columns as
 * nodes, suppressed cells as edges). The unknowns can shift together only around a cycle of that graph, so a
 * suppressed cell is determined by subtraction exactly when it lies on no cycle: when it is a bridge. The rule is
 * therefore: while a suppressed cell is a bridge, hide the cheapest three cells that put it on a rectangle (a
 * 4-cycle), preferring cells already hidden, then small counts, and zeros last.
 */
public final class Disclosure {
    private Disclosure() {
    }

    /** Which interior cells of {@code counts} (rows x columns) to show as [c]. */
    public static boolean[][] suppress(long[][] counts, int threshold) {
        int rows = counts.length;
        int cols = rows == 0 ? 0 : counts[0].length;
        boolean[][] hidden = new boolean[rows][cols];
        if (threshold <= 0) {
            return hidden;
        }
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (counts[r][c] >= 1 && counts[r][c] <= threshold) {
                    hidden[r][c] = true;
                    any = true;
                }
            }
        }
        if (!any) {
            return hidden;
        }
        // every round hides at least one more cell, so this ends
        for (int guard = 0; guard <= rows * cols; guard++) {
            int[] bridge = findBridge(hidden);
            if (bridge == null) {
                return hidden;
            }
            if (!closeCycle(counts, hidden, bridge[0], bridge[1])) {
                break; // a table too small to protect (one row or one column): hide everything
            }
        }
        for (boolean[] row : hidden) {
            Arrays.fill(row, true);
        }
        return hidden;
    }

    /** Hides the cheapest pair/corner that puts the bridge cell (r, c) on a 4-cycle. */
    private static boolean closeCycle(long[][] counts, boolean[][] hidden, int r, int c) {
        int rows = counts.length;
        int cols = counts[0].length;
        long bestCost = Long.MAX_VALUE;
        int[] best = null;
        for (int r2 = 0; r2 < rows; r2++) {
            for (int c2 = 0; c2 < cols; c2++) {
                if (r2 == r || c2 == c) {
                    continue;
                }
                long cost = cost(counts, hidden, r, c2) + cost(counts, hidden, r2, c) + cost(counts, hidden, r2, c2);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = new int[] {r2, c2};
                }
            }
        }
        if (best == null) {
            return false;
        }
        hidden[r][best[1]] = true;
        hidden[best[0]][c] = true;
        hidden[best[0]][best[1]] = true;
        return true;
    }

    private static long cost(long[][] counts, boolean[][] hidden, int r, int c) {
        if (hidden[r][c]) {
            return 0;
        }
        return counts[r][c] == 0 ? 1_000_000L : 1 + counts[r][c];
    }

    /** A suppressed cell that lies on no cycle of the rows-columns graph, or null. */
    static int[] findBridge(boolean[][] hidden) {
        int rows = hidden.length;
        int cols = hidden[0].length;
        int nodes = rows + cols;
        List<int[]> edges = new ArrayList<>();
        List<List<Integer>> adjacency = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            adjacency.add(new ArrayList<>());
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (hidden[r][c]) {
                    int e = edges.size();
                    edges.add(new int[] {r, c});
                    adjacency.get(r).add(e);
                    adjacency.get(rows + c).add(e);
                }
            }
        }
        int[] order = new int[nodes];
        int[] low = new int[nodes];
        Arrays.fill(order, -1);
        int[] counter = {0};
        for (int start = 0; start < nodes; start++) {
            if (order[start] < 0) {
                int[] bridge = dfs(start, -1, edges, adjacency, order, low, counter, rows);
                if (bridge != null) {
                    return bridge;
                }
            }
        }
        return null;
    }

    private static int[] dfs(int node, int viaEdge, List<int[]> edges, List<List<Integer>> adjacency, int[] order,
            int[] low, int[] counter, int rows) {
        order[node] = low[node] = counter[0]++;
        for (int e : adjacency.get(node)) {
            if (e == viaEdge) {
                continue;
            }
            int[] cell = edges.get(e);
            int other = node == cell[0] ? rows + cell[1] : cell[0];
            if (order[other] < 0) {
                int[] found = dfs(other, e, edges, adjacency, order, low, counter, rows);
                if (found != null) {
                    return found;
                }
                low[node] = Math.min(low[node], low[other]);
                if (low[other] > order[node]) {
                    return cell;
                }
            } else {
                low[node] = Math.min(low[node], order[other]);
            }
        }
        return null;
    }
}
