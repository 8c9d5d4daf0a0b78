package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Disclosure control over random tables: no shown cell holds a count from 1 to the threshold, and no suppressed
 * value can be worked out from the published totals of its row, its column and the table (the margins are
 * published in other tables), by subtraction or by any other linear combination.
 */
class DisclosureTest {
    static final int CASES = 3000;

    @Test
    void noSmallCountIsShownAndNoSuppressedCountCanBeWorkedOut() {
        Random random = new Random(20261127);
        int suppressedTables = 0;
        for (int n = 0; n < CASES; n++) {
            int rows = 2 + random.nextInt(6);
            int cols = 2 + random.nextInt(4);
            int threshold = 1 + random.nextInt(3);
            long[][] counts = new long[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int kind = random.nextInt(10);
                    counts[r][c] = kind < 3 ? random.nextInt(4) : kind < 8 ? random.nextInt(12) : random.nextInt(300);
                }
            }
            boolean[][] hidden = Disclosure.suppress(counts, threshold);
            String table = Arrays.deepToString(counts) + " threshold " + threshold + " hidden "
                    + Arrays.deepToString(hidden);
            boolean any = false;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (!hidden[r][c]) {
                        assertThat(counts[r][c] == 0 || counts[r][c] > threshold).as("shown small count in %s", table)
                                .isTrue();
                    } else {
                        any = true;
                    }
                }
            }
            if (any) {
                suppressedTables++;
            }
            for (int[] cell : determined(counts, hidden)) {
                throw new AssertionError("cell " + Arrays.toString(cell) + " can be worked out in " + table);
            }
        }
        assertThat(suppressedTables).as("the random tables exercise suppression").isGreaterThan(CASES / 2);
    }

    @Test
    void aSingleSmallCountIsProtectedBySecondaryCellsInItsRowAndColumn() {
        long[][] counts = {{40, 2, 30}, {50, 60, 70}, {80, 90, 5}};
        boolean[][] hidden = Disclosure.suppress(counts, 2);
        assertThat(hidden[0][1]).isTrue();
        assertThat(determined(counts, hidden)).isEmpty();
        int total = 0;
        for (boolean[] row : hidden) {
            for (boolean h : row) {
                total += h ? 1 : 0;
            }
        }
        assertThat(total).as("the fewest cells that protect one: a rectangle of four").isEqualTo(4);
        assertThat(hidden[0][2] && hidden[2][1] && hidden[2][2]).as("the cheapest rectangle: 30, 90 and 5")
                .isTrue();
    }

    /**
     * Suppressed cells whose value follows from the published figures: the shown cells, every row total, every
     * column total. A cell is determined exactly when its unit vector lies in the row space of the equations.
     */
    static List<int[]> determined(long[][] counts, boolean[][] hidden) {
        List<int[]> unknowns = new ArrayList<>();
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts[0].length; c++) {
                if (hidden[r][c]) {
                    unknowns.add(new int[] {r, c});
                }
            }
        }
        List<double[]> equations = new ArrayList<>();
        for (int r = 0; r < counts.length; r++) {
            double[] e = new double[unknowns.size()];
            for (int k = 0; k < unknowns.size(); k++) {
                e[k] = unknowns.get(k)[0] == r ? 1 : 0;
            }
            equations.add(e);
        }
        for (int c = 0; c < counts[0].length; c++) {
            double[] e = new double[unknowns.size()];
            for (int k = 0; k < unknowns.size(); k++) {
                e[k] = unknowns.get(k)[1] == c ? 1 : 0;
            }
            equations.add(e);
        }
        int rank = rank(equations);
        List<int[]> found = new ArrayList<>();
        for (int k = 0; k < unknowns.size(); k++) {
            List<double[]> with = new ArrayList<>(equations);
            double[] unit = new double[unknowns.size()];
            unit[k] = 1;
            with.add(unit);
            if (rank(with) == rank) {
                found.add(unknowns.get(k));
            }
        }
        return found;
    }

    static int rank(List<double[]> rows) {
        if (rows.isEmpty() || rows.get(0).length == 0) {
            return 0;
        }
        double[][] m = rows.stream().map(double[]::clone).toArray(double[][]::new);
        int rank = 0;
        int cols = m[0].length;
        for (int col = 0; col < cols && rank < m.length; col++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (Math.abs(m[r][col]) > 1e-9 && (pivot < 0 || Math.abs(m[r][col]) > Math.abs(m[pivot][col]))) {
                    pivot = r;
                }
            }
            if (pivot < 0) {
                continue;
            }
            double[] t = m[pivot];
            m[pivot] = m[rank];
            m[rank] = t;
            for (int r = 0; r < m.length; r++) {
                if (r != rank && Math.abs(m[r][col]) > 1e-9) {
                    double f = m[r][col] / m[rank][col];
                    for (int c = col; c < cols; c++) {
                        m[r][c] -= f * m[rank][c];
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
