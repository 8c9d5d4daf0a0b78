package org.threatstats.validation;

import java.nio.charset.StandardCharsets;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.threatstats.keys.KeyForms;
import org.threatstats.definition.BandDefinition;
import org.threatstats.definition.ColumnDefinition;
import org.threatstats.definition.ColumnType;
import org.threatstats.ingest.CsvCursor;
import org.threatstats.ingest.Invisible;

/**
 * Checks the record under a {@link CsvCursor} against every column rule of its dataset, working on the bytes in
 * place (no strings unless a value is wrong), and works out where an accepted record is counted: its period, its
 * cube cell and its weight.
 */
final class RecordChecker {
    private static final int[] DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final DatasetSchema schema;
    private final String file;
    private final int[] category;
    private final long[] number;
    private final boolean[] missing;
    private final List<Reject> errors = new ArrayList<>();

    private int period;
    private int cell;
    private long weight;
    private int month;
    private int trimmed;
    private String trimmedColumn;
    /** The field of the record being checked that holds an invisible character (-1: none), and the character. */
    private int invisibleField;
    private int invisibleChar;

    RecordChecker(DatasetSchema schema, String file) {
        this.schema = schema;
        this.file = file;
        int n = schema.columnCount();
        category = new int[n];
        number = new long[n];
        missing = new boolean[n];
    }

    List<Reject> errors() {
        return errors;
    }

    int period() {
        return period;
    }

    int cell() {
        return cell;
    }

    long weight() {
        return weight;
    }

    /** {@code year * 12 + month - 1} of the record's period column. */
    int month() {
        return month;
    }

    /** Values with spaces around them in the last record (trimmed, and counted as a warning). */
    int trimmed() {
        return trimmed;
    }

    String trimmedColumn() {
        return trimmedColumn;
    }

    /** Checks the cursor's record (which has the right number of fields); true when it is accepted. */
    boolean check(CsvCursor c) {
        errors.clear();
        trimmed = 0;
        trimmedColumn = null;
        invisibleField = c.invisibleField();
        invisibleChar = c.invisibleChar();
        long line = c.recordLine();
        for (int i = 0; i < schema.columnCount(); i++) {
            byte[] b = c.buffer();
            int s = c.start(i);
            int e = c.end(i);
            if (c.escaped(i)) {
                b = c.unescape(i);
                s = 0;
                e = b.length;
            }
            checkValue(i, b, s, e, line);
            if (i == invisibleField && schema.isKey(i) && errors.stream().noneMatch(r -> r.column().equals(
                    schema.column(invisibleField).name()))) {
                // a key that looks like another but is not equal to it would count the same case twice
                errors.add(new Reject(file, line, schema.column(i).name(), text(b, s, e), "characters",
                        quote(b, s, e) + " holds an invisible character, " + Invisible.describe(invisibleChar)
                                + ": remove it (with it, the same " + schema.column(i).name()
                                + " would count as another)", false));
            }
        }
        if (!errors.isEmpty()) {
            return false;
        }
        int cellIndex = 0;
        for (int d = 0; d < schema.dimensions().size(); d++) {
            int col = schema.dimensionColumn(d);
            int value;
            BandDefinition band = schema.dimensionBand(d);
            if (band == null) {
                value = category[col];
            } else if (missing[col]) {
                value = band.bands().size();
            } else {
                value = schema.band(d, number[col]);
                if (value < 0) {
                    errors.add(new Reject(file, line, schema.column(col).name(), Long.toString(number[col]), "band",
                            "'" + number[col] + "' falls in none of the " + band.name() + " bands", false));
                    return false;
                }
            }
            cellIndex += value * schema.stride(d);
        }
        cell = cellIndex;
        int pc = schema.periodColumn();
        int year = (int) (number[pc] / 100);
        int m = (int) (number[pc] % 100);
        month = year * 12 + m - 1;
        if (schema.periodIsDate()) {
            period = schema.periodOf(year, m);
        } else {
            period = m == schema.endMonth() ? year : -1;
        }
        weight = schema.countColumn() < 0 ? 1 : missing[schema.countColumn()] ? 0 : number[schema.countColumn()];
        return true;
    }

    private void checkValue(int i, byte[] b, int s, int e, long line) {
        ColumnDefinition column = schema.column(i);
        missing[i] = false;
        int ts = s;
        int te = e;
        while (ts < te && (b[ts] == ' ' || b[ts] == '\t')) {
            ts++;
        }
        while (te > ts && (b[te - 1] == ' ' || b[te - 1] == '\t')) {
            te--;
        }
        if (ts == te) {
            missing[i] = true;
            if (column.required()) {
                error(i, b, s, e, line, "required", "is empty, but every record needs a " + column.name());
            }
            return;
        }
        boolean spaced = ts != s || te != e;
        if (column.type() == ColumnType.TEXT) {
            if (schema.pattern(i) != null && !schema.pattern(i).matcher(text(b, s, e)).matches()) {
                error(i, b, s, e, line, "pattern", quote(b, s, e) + " does not match the pattern "
                        + column.pattern());
            }
            if (!schema.isKey(i)) {
                return; // free text is kept as written
            }
        }
        if (spaced) {
            // spaces around a category value or a key are not part of it: the value is counted as itself, and
            // the report says how many were trimmed
            trimmed++;
            if (trimmedColumn == null) {
                trimmedColumn = column.name();
            }
        }
        switch (column.type()) {
            case TEXT -> {
                // a key: checked above, compared trimmed
            }
            case CATEGORY -> {
                int k = schema.category(i, b, ts, te);
                if (k >= 0) {
                    category[i] = k;
                    return;
                }
                String found = text(b, ts, te);
                String hint = "";
                for (String v : column.values()) {
                    if (v.equalsIgnoreCase(found)) {
                        hint = " (values are case-sensitive: '" + v + "')";
                    }
                }
                error(i, b, s, e, line, "allowed-values", quote(b, s, e) + " is not one of: "
                        + String.join(", ", column.values()) + hint);
            }
            case WHOLE_NUMBER -> {
                long value = parseWhole(b, ts, te);
                if (value == Long.MIN_VALUE) {
                    error(i, b, s, e, line, "type", quote(b, s, e) + " is not a whole number");
                    return;
                }
                if (!inRange(i, column, b, s, e, line, value)) {
                    return;
                }
                if (i == schema.countColumn() && value < 0) {
                    error(i, b, s, e, line, "range", quote(b, s, e) + " is negative, but counts cannot be");
                    return;
                }
                if (i == schema.countColumn() && value > DatasetSchema.MAX_COUNT) {
                    error(i, b, s, e, line, "range", quote(b, s, e) + " is more than 9,007,199,254,740,991, the "
                            + "largest count a spreadsheet holds exactly");
                    return;
                }
                number[i] = value;
            }
            case DECIMAL -> {
                if (!isDecimal(b, ts, te)) {
                    error(i, b, s, e, line, "type", quote(b, s, e) + " is not a number");
                    return;
                }
                double value = Double.parseDouble(text(b, ts, te));
                if ((column.min() != null && value < column.min()) || (column.max() != null && value > column.max())) {
                    error(i, b, s, e, line, "range", quote(b, s, e) + " is outside the range "
                            + range(column));
                }
            }
            case DATE -> {
                int date = parseDate(b, ts, te);
                if (date < 0) {
                    error(i, b, s, e, line, "type", quote(b, s, e) + " is not a date in the form yyyy-mm-dd");
                } else if (date == 0) {
                    int y = digits(b, ts, 4);
                    int m = (b[ts + 5] - '0') * 10 + (b[ts + 6] - '0');
                    String why = y < 1000 ? " (the year must have four digits)"
                            : m < 1 || m > 12 ? " (there is no month " + m + ")"
                            : " (" + Month.of(m).getDisplayName(TextStyle.FULL, Locale.UK) + " has "
                                    + (m == 2 ? "28 or 29" : DAYS[m - 1]) + " days)";
                    error(i, b, s, e, line, "type", quote(b, s, e) + " is not a real date" + why);
                } else if (i == schema.periodColumn() && date > schema.lastDay()) {
                    error(i, b, s, e, line, "range", quote(b, s, e) + " is after the date of this run ("
                            + day(schema.lastDay()) + "): a record cannot be dated later than its report");
                } else {
                    number[i] = date / 100;
                }
            }
            case YEAR_MONTH -> {
                int ym = parseYearMonth(b, ts, te);
                if (ym < 0) {
                    error(i, b, s, e, line, "type", quote(b, s, e) + " is not a month in the form yyyy-mm");
                } else if (i == schema.periodColumn() && ym > schema.lastDay() / 100) {
                    error(i, b, s, e, line, "range", quote(b, s, e) + " is after the month of this run ("
                            + day(schema.lastDay()).substring(0, 7) + "): a year cannot end later than its report");
                } else {
                    number[i] = ym;
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private boolean inRange(int i, ColumnDefinition column, byte[] b, int s, int e, long line, long value) {
        if (value < schema.min(i)) {
            error(i, b, s, e, line, "range", quote(b, s, e) + " is less than the minimum, " + fmt(column.min()));
            return false;
        }
        if (value > schema.max(i)) {
            error(i, b, s, e, line, "range", quote(b, s, e) + " is more than the maximum, " + fmt(column.max()));
            return false;
        }
        return true;
    }

    private static String range(ColumnDefinition c) {
        return (c.min() == null ? "" : fmt(c.min())) + " to " + (c.max() == null ? "" : fmt(c.max()));
    }

    private static String fmt(Double d) {
        return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }

    private void error(int i, byte[] b, int s, int e, long line, String rule, String message) {
        String why = i == invisibleField ? message + " (it holds an invisible character, "
                + Invisible.describe(invisibleChar) + ")" : message;
        errors.add(new Reject(file, line, schema.column(i).name(), text(b, s, e), rule, why, false));
    }

    /** yyyymmdd as yyyy-mm-dd. */
    private static String day(int yyyymmdd) {
        return String.format("%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    /** A whole number, or Long.MIN_VALUE if the bytes are not one (at most 18 digits, optional minus). */
    static long parseWhole(byte[] b, int s, int e) {
        boolean negative = b[s] == '-';
        int p = negative || b[s] == '+' ? s + 1 : s;
        if (p == e || e - p > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; p < e; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static boolean isDecimal(byte[] b, int s, int e) {
        int p = b[s] == '-' || b[s] == '+' ? s + 1 : s;
        int digits = 0;
        boolean point = false;
        for (; p < e; p++) {
            if (b[p] >= '0' && b[p] <= '9') {
                digits++;
            } else if (b[p] == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digits > 0 && digits <= 30;
    }

    /** yyyymmdd, 0 for a well-formed but impossible date, -1 for anything else. */
    static int parseDate(byte[] b, int s, int e) {
        if (e - s != 10 || b[s + 4] != '-' || b[s + 7] != '-') {
            return -1;
        }
        int y1 = b[s] - '0';
        int y2 = b[s + 1] - '0';
        int y3 = b[s + 2] - '0';
        int y4 = b[s + 3] - '0';
        int m1 = b[s + 5] - '0';
        int m2 = b[s + 6] - '0';
        int d1 = b[s + 8] - '0';
        int d2 = b[s + 9] - '0';
        // a digit is 0 to 9: neither it nor 9 minus it is negative (one test for all eight, no branch each)
        if ((y1 | y2 | y3 | y4 | m1 | m2 | d1 | d2 | 9 - y1 | 9 - y2 | 9 - y3 | 9 - y4 | 9 - m1 | 9 - m2 | 9 - d1
                | 9 - d2) < 0) {
            return -1;
        }
        int y = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
        int m = m1 * 10 + m2;
        int d = d1 * 10 + d2;
        if (m < 1 || m > 12 || d < 1 || d > DAYS[m - 1] || (m == 2 && d == 29 && !leap(y)) || y < 1000) {
            return 0;
        }
        return y * 10000 + m * 100 + d;
    }

    /** yyyymm or -1. */
    static int parseYearMonth(byte[] b, int s, int e) {
        if (e - s != 7 || b[s + 4] != '-') {
            return -1;
        }
        int y = digits(b, s, 4);
        int m = digits(b, s + 5, 2);
        if (y < 1000 || m < 1 || m > 12) {
            return -1;
        }
        return y * 100 + m;
    }

    private static boolean leap(int y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    private static int digits(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * The hash of unique key {@code k} of the cursor's record ({@link KeyForms#hash}), or 0 when part of the key
     * is empty. Two different keys can share a hash; the uniqueness check verifies every repeated hash against
     * the keys themselves.
     */
    long keyHash(CsvCursor c, int k) {
        int[] key = schema.uniqueKeys()[k];
        long h = 0;
        for (int col : key) {
            byte[] b = c.buffer();
            int s = c.start(col);
            int e = c.end(col);
            if (c.escaped(col)) {
                b = c.unescape(col);
                s = 0;
                e = b.length;
            }
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            if (s == e) {
                return 0;
            }
            if (key.length == 1) {
                return KeyForms.hash(b, s, e - s);
            }
            h = h * 0x9E3779B97F4A7C15L + KeyForms.hashPart(b, s, e - s);
        }
        return KeyForms.finish(h);
    }

    /**
     * What the ingest keeps of unique key {@code k} of the cursor's record: the {@link KeyForms token} of a
     * one-column key whose value has a recorded form, else its {@link #keyHash}; 0 when part of the key is empty.
     */
    long keyToken(CsvCursor c, int k, KeyForms forms) {
        int[] key = schema.uniqueKeys()[k];
        if (key.length == 1 && !c.escaped(key[0])) {
            byte[] b = c.buffer();
            int s = c.start(key[0]);
            int e = c.end(key[0]);
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            long token = s < e ? forms.token(b, s, e) : 0;
            if (token != 0) {
                return token;
            }
        }
        return keyHash(c, k);
    }

    /** Separates the values of a composite key: no CSV value of a key holds it. */
    static final char KEY_SEPARATOR = '\u001F';

    /**
     * The key's exact value, for verifying hash matches: the values of its columns joined by a control character,
     * so ("a, b", "c") and ("a", "b, c") stay different. {@link #display(String)} shows it to a reader.
     */
    String keyText(CsvCursor c, int k) {
        StringBuilder s = new StringBuilder();
        for (int col : schema.uniqueKeys()[k]) {
            if (s.length() > 0) {
                s.append(KEY_SEPARATOR);
            }
            s.append(spacesTrimmed(c.text(col)));
        }
        return s.toString();
    }

    /** Without the spaces and tabs around it, as every key and category value is compared. */
    private static String spacesTrimmed(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }

    static String display(String key) {
        return key.replace(String.valueOf(KEY_SEPARATOR), ", ");
    }

    private static String text(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }

    /** The value in quotes, for a message: a long value is cut short (rejects.csv keeps it whole). */
    private static String quote(byte[] b, int s, int e) {
        return "'" + shortened(text(b, s, e)) + "'";
    }

    /** At most {@value #SHOWN} characters of a value, saying how long it is when cut. */
    static String shortened(String value) {
        if (value.length() <= SHOWN) {
            return value;
        }
        int cut = Character.isHighSurrogate(value.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return value.substring(0, cut) + "...' (" + String.format("%,d", value.length()) + " characters";
    }

    /** How much of a value a message shows. */
    static final int SHOWN = 100;
}
