package org.threatstats.validation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.threatstats.definition.BandDefinition;
import org.threatstats.definition.ColumnDefinition;
import org.threatstats.definition.ColumnType;
import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.TotalRule;
import org.threatstats.ingest.Bytes;

/**
 * A dataset definition compiled for the hot loop: allowed values as bytes, number ranges as longs, and the layout
 * of the dataset's cube (every category column and band is a dimension; a record's cell is the mixed-radix number
 * of its values).
 */
public final class DatasetSchema {
    /** Cubes larger than this are refused when the job is loaded. */
    static final int MAX_CELLS = 1 << 20;

    private final DatasetDefinition definition;
    private final ColumnDefinition[] columns;
    private final byte[][][] allowed;
    private final long[] min;
    private final long[] max;
    private final Pattern[] patterns;
    private final List<Dimension> dimensions = new ArrayList<>();
    /** For each dimension: the column it is read from. */
    private final int[] dimensionColumn;
    /** For each dimension: its band definition, or null for a category column. */
    private final BandDefinition[] dimensionBands;
    /** For each dimension that is a band: the bands' inclusive bounds, unboxed for the hot loop. */
    private final long[][] bandMin;
    private final long[][] bandMax;
    /**
     * For each band dimension whose finite bounds span at most {@link #BAND_TABLE} values: the band of each value
     * from one below the lowest bound to one above the highest (values beyond fall in the same band as the ends).
     */
    private final int[][] bandTable;
    private final long[] bandTableFrom;
    private static final int BAND_TABLE = 4096;
    /** For each category column: value index + 1 by (length, first byte), 0 when none or ambiguous. */
    private final int[][] categoryIndex;
    /** For each category column: each allowed value as {@link #words}. */
    private final long[][][] categoryWords;
    private final int[] strides;
    private final int cells;
    private final int periodColumn;
    private final boolean periodIsDate;
    private final int countColumn;
    private final int[][] uniqueKeys;
    private final int totalDimension;
    private final int totalValue;
    private final int endMonth;
    /** The last day a record's period column may name, as yyyymmdd (the run's date). */
    private final int lastDay;
    private final boolean[] key;

    /**
     * The largest count a report publishes: the largest whole number a spreadsheet (a double) holds exactly.
     * Larger counts, or counts that add up to more, are rejected rather than rounded or wrapped.
     */
    public static final long MAX_COUNT = (1L << 53) - 1;

    /** A schema with no limit on how late a record's date may be (for tests of other rules). */
    public DatasetSchema(DatasetDefinition definition, int endMonth) {
        this(definition, endMonth, LocalDate.of(9999, 12, 31));
    }

    /** A schema for a run on {@code runDate}: no record may be dated after it. */
    public DatasetSchema(DatasetDefinition definition, int endMonth, LocalDate runDate) {
        this.definition = definition;
        this.endMonth = endMonth;
        this.lastDay = runDate.getYear() * 10000 + runDate.getMonthValue() * 100 + runDate.getDayOfMonth();
        int n = definition.columns().size();
        columns = definition.columns().toArray(ColumnDefinition[]::new);
        allowed = new byte[n][][];
        min = new long[n];
        max = new long[n];
        patterns = new Pattern[n];
        List<Integer> dimColumns = new ArrayList<>();
        List<BandDefinition> dimBands = new ArrayList<>();
        List<int[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ColumnDefinition c = columns[i];
            if (c.type() == ColumnType.CATEGORY) {
                allowed[i] = c.values().stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
                dimensions.add(new Dimension(c.name(), c.displayLabel(), c.values()));
                dimColumns.add(i);
                dimBands.add(null);
            }
            min[i] = c.min() == null ? Long.MIN_VALUE : (long) Math.ceil(c.min());
            max[i] = c.max() == null ? Long.MAX_VALUE : (long) Math.floor(c.max());
            patterns[i] = c.pattern() == null ? null : Pattern.compile(c.pattern());
            if (c.unique()) {
                keys.add(new int[] {i});
            }
        }
        for (BandDefinition band : definition.bands()) {
            List<String> labels = new ArrayList<>(band.bands().stream().map(BandDefinition.Band::label).toList());
            labels.add(band.missing());
            dimensions.add(new Dimension(band.name(), band.label() != null ? band.label() : band.name(), labels));
            dimColumns.add(indexOf(band.from()));
            dimBands.add(band);
        }
        dimensionColumn = dimColumns.stream().mapToInt(Integer::intValue).toArray();
        dimensionBands = dimBands.toArray(BandDefinition[]::new);
        bandMin = new long[dimensionBands.length][];
        bandMax = new long[dimensionBands.length][];
        for (int d = 0; d < dimensionBands.length; d++) {
            if (dimensionBands[d] != null) {
                List<BandDefinition.Band> bands = dimensionBands[d].bands();
                bandMin[d] = bands.stream().mapToLong(b -> b.min() == null ? Long.MIN_VALUE : b.min()).toArray();
                bandMax[d] = bands.stream().mapToLong(b -> b.max() == null ? Long.MAX_VALUE : b.max()).toArray();
            }
        }
        bandTable = new int[dimensionBands.length][];
        bandTableFrom = new long[dimensionBands.length];
        for (int d = 0; d < dimensionBands.length; d++) {
            if (dimensionBands[d] == null) {
                continue;
            }
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (BandDefinition.Band b : dimensionBands[d].bands()) {
                for (Integer bound : new Integer[] {b.min(), b.max()}) {
                    if (bound != null) {
                        lo = Math.min(lo, bound);
                        hi = Math.max(hi, bound);
                    }
                }
            }
            if (lo <= hi && hi - lo <= BAND_TABLE) {
                int[] table = new int[(int) (hi - lo) + 3];
                for (int k = 0; k < table.length; k++) {
                    table[k] = bandBySearch(d, lo - 1 + k);
                }
                bandTable[d] = table;
                bandTableFrom[d] = lo - 1;
            }
        }
        categoryIndex = new int[n][];
        categoryWords = new long[n][][];
        for (int i = 0; i < n; i++) {
            if (allowed[i] != null) {
                categoryWords[i] = Arrays.stream(allowed[i]).map(DatasetSchema::words).toArray(long[][]::new);
                int[] index = new int[64 * 256];
                for (int k = 0; k < allowed[i].length; k++) {
                    byte[] v = allowed[i][k];
                    if (v.length == 0 || v.length >= 64) {
                        continue;
                    }
                    int slot = v.length * 256 + (v[0] & 0xFF);
                    index[slot] = index[slot] == 0 ? k + 1 : -1;
                }
                categoryIndex[i] = index;
            }
        }
        strides = new int[dimensions.size()];
        long size = 1;
        for (int d = dimensions.size() - 1; d >= 0; d--) {
            strides[d] = (int) size;
            size *= dimensions.get(d).values().size();
            if (size > MAX_CELLS) {
                throw new IllegalArgumentException("dataset '" + definition.name() + "' has too many combinations "
                        + "of categories (more than " + MAX_CELLS + "): use fewer category columns");
            }
        }
        cells = (int) size;
        periodIsDate = definition.dateColumn() != null;
        periodColumn = indexOf(periodIsDate ? definition.dateColumn() : definition.periodColumn());
        countColumn = definition.countColumn() == null ? -1 : indexOf(definition.countColumn());
        if (!definition.uniqueKey().isEmpty()) {
            keys.add(definition.uniqueKey().stream().mapToInt(this::indexOf).toArray());
        }
        uniqueKeys = keys.toArray(int[][]::new);
        key = new boolean[n];
        for (int[] k : uniqueKeys) {
            for (int c : k) {
                key[c] = true;
            }
        }
        if (definition.totals().isEmpty()) {
            totalDimension = -1;
            totalValue = -1;
        } else {
            TotalRule rule = definition.totals().get(0);
            totalDimension = dimensionIndex(rule.column());
            totalValue = dimensions.get(totalDimension).indexOf(rule.total());
        }
    }

    public DatasetDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    /** How many unique keys the dataset has (columns marked unique, and its unique-key). */
    public int keyCount() {
        return uniqueKeys.length;
    }

    public int columnCount() {
        return columns.length;
    }

    ColumnDefinition column(int i) {
        return columns[i];
    }

    byte[][] allowed(int column) {
        return allowed[column];
    }

    long min(int column) {
        return min[column];
    }

    long max(int column) {
        return max[column];
    }

    Pattern pattern(int column) {
        return patterns[column];
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public int dimensionIndex(String name) {
        for (int d = 0; d < dimensions.size(); d++) {
            if (dimensions.get(d).name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no category '" + name + "' in dataset " + definition.name());
    }

    /** The band of dimension {@code d} that holds {@code value}, or -1. */
    int band(int d, long value) {
        int[] table = bandTable[d];
        long from = bandTableFrom[d];
        if (table != null) {
            // below the table every value is in the band of its first entry, above it in that of its last
            long at = Math.max(0, Math.min(table.length - 1, value - from));
            return table[(int) at];
        }
        return bandBySearch(d, value);
    }

    private int bandBySearch(int d, long value) {
        long[] min = bandMin[d];
        long[] max = bandMax[d];
        for (int k = 0; k < min.length; k++) {
            if (value >= min[k] && value <= max[k]) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The index of the allowed value equal to {@code b[s, e)}, or -1: looked up by length and first byte, then
     * compared byte by byte; a linear search only where two values share length and first byte.
     */
    int category(int column, byte[] b, int s, int e) {
        byte[][] values = allowed[column];
        int len = e - s;
        int hint = len < 64 ? categoryIndex[column][len * 256 + (b[s] & 0xFF)] : -1;
        if (hint == 0) {
            return -1;
        }
        if (hint > 0) {
            return sameWords(categoryWords[column][hint - 1], b, s, e) || Arrays.equals(values[hint - 1], 0, len,
                    b, s, e) ? hint - 1 : -1;
        }
        for (int k = 0; k < values.length; k++) {
            if (values[k].length == len && Arrays.equals(values[k], 0, len, b, s, e)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Whether {@code b[s, e)} equals the value whose {@link #words} are given, compared eight bytes at a time:
     * the words at 0, 8, 16, ... and one ending at the value's end (overlapping the one before), or for a value
     * shorter than eight bytes one word masked to its length. False also when the words would read past the
     * array, where the caller compares byte by byte.
     */
    private static boolean sameWords(long[] words, byte[] b, int s, int e) {
        int len = e - s;
        if (len < 8) {
            return s + 8 <= b.length && (Bytes.word(b, s) & ((1L << (len << 3)) - 1)) == words[0];
        }
        int last = words.length - 1;
        for (int k = 0; k < last; k++) {
            if (Bytes.word(b, s + (k << 3)) != words[k]) {
                return false;
            }
        }
        return Bytes.word(b, e - 8) == words[last];
    }

    /** A value's bytes as the words {@link #sameWords} compares with. */
    private static long[] words(byte[] v) {
        if (v.length < 8) {
            byte[] padded = Arrays.copyOf(v, 8);
            return new long[] {Bytes.word(padded, 0)};
        }
        int full = (v.length - 1) / 8;
        long[] w = new long[full + 1];
        for (int k = 0; k < full; k++) {
            w[k] = Bytes.word(v, k << 3);
        }
        w[full] = Bytes.word(v, v.length - 8);
        return w;
    }

    int dimensionColumn(int d) {
        return dimensionColumn[d];
    }

    BandDefinition dimensionBand(int d) {
        return dimensionBands[d];
    }

    public int stride(int d) {
        return strides[d];
    }

    public int cells() {
        return cells;
    }

    /** The value index of dimension {@code d} in {@code cell}. */
    public int valueOf(int cell, int d) {
        return (cell / strides[d]) % dimensions.get(d).values().size();
    }

    int periodColumn() {
        return periodColumn;
    }

    boolean periodIsDate() {
        return periodIsDate;
    }

    int countColumn() {
        return countColumn;
    }

    /** Whether column {@code i} is part of a unique key. */
    boolean isKey(int i) {
        return key[i];
    }

    /** The last day (yyyymmdd) a record's period column may name. */
    int lastDay() {
        return lastDay;
    }

    int[][] uniqueKeys() {
        return uniqueKeys;
    }

    public List<String> uniqueKeyNames() {
        List<String> names = new ArrayList<>();
        for (int[] key : uniqueKeys) {
            List<String> parts = new ArrayList<>();
            for (int c : key) {
                parts.add(columns[c].name());
            }
            names.add(String.join("+", parts));
        }
        return names;
    }

    /** The dimension holding stated totals (count datasets with a totals rule), or -1. */
    public int totalDimension() {
        return totalDimension;
    }

    /** The value index of the stated total in {@link #totalDimension()}, or -1. */
    public int totalValue() {
        return totalValue;
    }

    /** The month (1 to 12) that ends this run's years. */
    public int endMonth() {
        return endMonth;
    }

    /** The period (year ending {@code endMonth} of the returned year) a month falls in. */
    public int periodOf(int year, int month) {
        return month > endMonth ? year + 1 : year;
    }

    private int indexOf(String column) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column);
    }
}
