package org.threatstats.publish;

import java.util.List;
import java.util.Map;

import org.threatstats.aggregate.Cube;
import org.threatstats.validation.DatasetSchema;

/**
 * Reads counts out of a dataset's cube: totals, margins by one category, tables by two, and counts matching a
 * filter. Stated-total rows of count datasets are left out: the report computes its own totals from the parts.
 */
final class Figures {
    private final DatasetSchema schema;
    private final Cube cube;

    Figures(DatasetSchema schema, Cube cube) {
        this.schema = schema;
        this.cube = cube;
    }

    DatasetSchema schema() {
        return schema;
    }

    /** Whether the dataset has any rows in the period (otherwise its figures are [x]). */
    boolean available(int period) {
        return cube != null && cube.has(period);
    }

    private boolean counted(int cell) {
        int td = schema.totalDimension();
        return td < 0 || schema.valueOf(cell, td) != schema.totalValue();
    }

    long total(int period) {
        return matching(period, Map.of());
    }

    /** Counts by the values of one category (stated-total value excluded). */
    long[] margin(int period, int dimension) {
        long[] margin = new long[schema.dimensions().get(dimension).values().size()];
        long[] cells = cube == null ? null : cube.periods().get(period);
        if (cells == null) {
            return margin;
        }
        for (int cell = 0; cell < cells.length; cell++) {
            if (cells[cell] != 0 && counted(cell)) {
                margin[schema.valueOf(cell, dimension)] += cells[cell];
            }
        }
        return margin;
    }

    long[][] cross(int period, int rows, int columns) {
        long[][] table = new long[schema.dimensions().get(rows).values().size()][schema.dimensions().get(columns)
                .values().size()];
        long[] cells = cube == null ? null : cube.periods().get(period);
        if (cells == null) {
            return table;
        }
        for (int cell = 0; cell < cells.length; cell++) {
            if (cells[cell] != 0 && counted(cell)) {
                table[schema.valueOf(cell, rows)][schema.valueOf(cell, columns)] += cells[cell];
            }
        }
        return table;
    }

    /** The count of records whose categories have the given values. */
    long matching(int period, Map<String, String> where) {
        long[] cells = cube == null ? null : cube.periods().get(period);
        if (cells == null) {
            return 0;
        }
        int[] dims = new int[where.size()];
        int[] values = new int[where.size()];
        int i = 0;
        for (Map.Entry<String, String> e : where.entrySet()) {
            dims[i] = schema.dimensionIndex(e.getKey());
            values[i] = schema.dimensions().get(dims[i]).indexOf(e.getValue());
            i++;
        }
        long sum = 0;
        outer:
        for (int cell = 0; cell < cells.length; cell++) {
            if (cells[cell] == 0 || !counted(cell)) {
                continue;
            }
            for (int k = 0; k < dims.length; k++) {
                if (schema.valueOf(cell, dims[k]) != values[k]) {
                    continue outer;
                }
            }
            sum += cells[cell];
        }
        return sum;
    }

    /** Values of a category as tables show them (a stated-total value is not a row). */
    List<String> rowValues(int dimension) {
        List<String> values = schema.dimensions().get(dimension).values();
        if (dimension == schema.totalDimension()) {
            return values.stream().filter(v -> !v.equals(values.get(schema.totalValue()))).toList();
        }
        return values;
    }
}
