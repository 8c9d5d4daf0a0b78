package org.threatstats.publish;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.threatstats.aggregate.Cube;
import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.HeadlineDefinition;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.TableDefinition;
import org.threatstats.validation.DatasetQuality;
import org.threatstats.validation.DatasetSchema;

/**
 * The measures stage: from each dataset's cube to the report's tables (counts, shares, changes on the previous
 * year), disclosure control on cross-tabulations, [r] on figures that differ from the period's first publication,
 * and the headline sentences. Everything here is a pure function of its inputs.
 */
public final class ReportBuilder {
    static final String NOT_AVAILABLE = "[x]";
    static final String NOT_APPLICABLE = "[z]";
    static final String CONFIDENTIAL = "[c]";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

    private final JobDefinition definition;
    private final Map<String, Figures> figures = new LinkedHashMap<>();
    private final int period;
    private final int endMonth;

    public ReportBuilder(JobDefinition definition, Map<String, DatasetSchema> schemas, Map<String, Cube> cubes,
            int period, int endMonth) {
        this.definition = definition;
        this.period = period;
        this.endMonth = endMonth;
        for (DatasetDefinition d : definition.datasets()) {
            figures.put(d.name(), new Figures(schemas.get(d.name()), cubes.get(d.name())));
        }
    }

    private YearMonth end(int year) {
        return YearMonth.of(year, endMonth);
    }

    /**
     * The report, with [r] on every figure that differs from what {@code previous} (the last publication that
     * showed each figure, by {@link Figure#key()}) published, and [p] on the periods each table declares provisional.
     */
    public Report build(LocalDate publishedOn, int revision, Map<String, Previous> previous,
            List<DatasetQuality> quality) {
        List<ReportTable> tables = new ArrayList<>();
        int number = 1;
        for (TableDefinition t : definition.tables()) {
            tables.add(markProvisional(table(t, number++), t));
        }
        List<Report.RevisionEntry> revisions = new ArrayList<>();
        if (!previous.isEmpty()) {
            tables = markRevisions(tables, previous, revisions);
        }
        List<String> headlines = new ArrayList<>();
        for (HeadlineDefinition h : definition.headlines()) {
            headlines.add(headline(h));
        }
        headlines.addAll(revisedTotals(tables, previous));
        String rule = null;
        if (definition.disclosure().active() && tables.stream().anyMatch(t -> isCross(t.id()))) {
            rule = "In cross-tabulated tables, counts from 1 to " + definition.disclosure().threshold()
                    + " are suppressed and shown as [c], and further cells are suppressed so that no suppressed "
                    + "value can be worked out from the totals of its row, its column or another table; shares of "
                    + "suppressed counts are [c] too. Totals and single breakdowns are published unsuppressed.";
        }
        YearMonth end = end(period);
        return new Report(definition.name(), definition.title(), definition.organisation(), definition.marking(),
                definition.geography(), definition.summary(), definition.source(), definition.contact(),
                definition.nextUpdate(publishedOn), definition.keywords(), end.toString(), Wording.period(end),
                Wording.periodShort(end), publishedOn.toString(), revision, headlines, tables, definition.notes(),
                quality, revisions, rule, definition.fingerprint(), NOT_YET_RELEASED);
    }

    /** What every prepared revision's cover and title page say: a release, signed off, makes it public. */
    public static final String NOT_YET_RELEASED = "Not yet released";

    /**
     * What an earlier publication showed for a figure: its value as printed and which publication it was
     * ("year ending March 2024, revision 1, published 30 May 2025").
     */
    public record Previous(String value, String publication) {
    }

    /** [p] on every figure of the latest {@code provisional} periods the table shows. */
    private ReportTable markProvisional(ReportTable t, TableDefinition def) {
        if (def.provisional() == 0) {
            return t;
        }
        String firstProvisional = end(period - def.provisional() + 1).toString();
        List<List<Cell>> rows = new ArrayList<>();
        boolean any = false;
        for (int r = 0; r < t.rows().size(); r++) {
            List<Cell> row = new ArrayList<>(t.rows().get(r));
            for (int c = 0; c < row.size(); c++) {
                String p = t.period(r, c);
                if (row.get(c).isNumber() && p != null && p.compareTo(firstProvisional) >= 0) {
                    row.set(c, row.get(c).withProvisional(true));
                    any = true;
                }
            }
            rows.add(row);
        }
        return t.withCells(rows, any ? withCode(t.shorthand(), "[p]") : t.shorthand());
    }

    private static List<String> withCode(List<String> codes, String code) {
        if (codes.contains(code)) {
            return codes;
        }
        List<String> more = new ArrayList<>(codes);
        more.add(code);
        return List.copyOf(more);
    }

    /**
     * "The figure for the year ending 31 March 2024 has been revised from 212 to 221.": the previous period's
     * total in each series table, when it was revised.
     */
    private List<String> revisedTotals(List<ReportTable> tables, Map<String, Previous> previous) {
        List<String> lines = new ArrayList<>();
        String before = end(period - 1).toString();
        long series = definition.tables().stream().filter(TableDefinition::isSeries).count();
        for (int i = 0; i < tables.size(); i++) {
            // the report's tables are the definition's, in its order
            ReportTable t = tables.get(i);
            TableDefinition def = definition.tables().get(i);
            if (!def.isSeries()) {
                continue;
            }
            for (int r = 0; r < t.rows().size(); r++) {
                for (int c = 0; c < t.columns().size(); c++) {
                    Cell cell = t.rows().get(r).get(c);
                    if (t.columns().get(c).key().equals("count") && before.equals(t.period(r, c))
                            && cell.revised()) {
                        String what = series > 1 ? "The figure for " + def.measure().toLowerCase(Locale.ROOT)
                                + " in the " : "The figure for the ";
                        lines.add(what + Wording.period(end(period - 1)) + " has been revised from "
                                + previous.get(key(t, r, c)).value() + " to " + cell.figure() + ".");
                    }
                }
            }
        }
        return lines;
    }

    private boolean isCross(String tableId) {
        return definition.tables().stream().anyMatch(t -> t.id().equals(tableId) && t.isCross());
    }

    private ReportTable table(TableDefinition t, int number) {
        Figures f = figures.get(t.dataset());
        int first = period - t.years() + 1;
        // years before a dataset's figures start would be columns or rows of [x] only: the table starts with its
        // figures (the whole range stays when there are none, so the table says [x] once for the period)
        while (first < period && !f.available(first)) {
            first++;
        }
        if (!f.available(first)) {
            first = period;
        }
        String range = first == period ? Wording.periodShort(end(period))
                : Wording.periodShort(end(first)) + " to " + Wording.periodShort(end(period));
        String title = t.title() + (definition.geography() == null ? "" : ", " + definition.geography()) + ", "
                + range;
        DatasetDefinition dataset = definition.dataset(t.dataset()).orElseThrow();
        // each table cites its own dataset's source; the report's source is for datasets that name none
        String source = dataset.source() != null ? dataset.source()
                : definition.source() != null ? definition.source() : dataset.file();
        if (t.isSeries()) {
            return series(t, number, title, f, first, source);
        }
        if (t.isCross()) {
            return cross(t, number, title, f, first, source);
        }
        return breakdown(t, number, title, f, first, source);
    }

    private ReportTable series(TableDefinition t, int number, String title, Figures f, int first, String source) {
        List<Column> columns = List.of(new Column("period", "Year ending", Cell.LABEL),
                new Column("count", t.measure() + " (number)", Cell.COUNT),
                new Column("change", "Change on previous year (number)", Cell.COUNT),
                new Column("change-pct", "Change on previous year (%)", Cell.PERCENT));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int p = first; p <= period; p++) {
            boolean has = f.available(p);
            long now = f.total(p);
            Long before = f.available(p - 1) ? f.total(p - 1) : null;
            List<Cell> row = new ArrayList<>();
            row.add(Cell.label(Wording.month(end(p)) + " " + p));
            row.add(has ? Cell.count(now) : Cell.shorthand(NOT_AVAILABLE, Cell.COUNT));
            row.addAll(change(has ? now : null, before));
            rows.add(row);
            keys.add(end(p).toString());
            categories.add(Wording.axisPeriod(end(p)));
            values.add(has ? (double) now : null);
        }
        Chart chart = "none".equals(t.chart()) ? null
                : new Chart("line", t.measure() + ", " + Wording.periodShort(end(first)) + " to "
                        + Wording.periodShort(end(period)), t.measure() + " (number)", categories, values);
        return new ReportTable(t.id(), number, title, t.dataset(), columns, rows, keys, keys, t.notes(),
                shorthandUsed(rows), source, chart);
    }

    /**
     * A breakdown with years across, as the Home Office's tables are: one row per category and a Total row, a
     * count column per year (each column knows its year), then the latest year's share and change on the year
     * before it.
     */
    private ReportTable breakdown(TableDefinition t, int number, String title, Figures f, int first,
            String source) {
        int dim = f.schema().dimensionIndex(t.by());
        String byLabel = f.schema().dimensions().get(dim).label();
        List<String> values = f.rowValues(dim);
        List<String> all = f.schema().dimensions().get(dim).values();
        String latest = end(period).toString();
        String previous = Wording.month(end(period - 1)) + " " + (period - 1);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("category", byLabel, Cell.LABEL));
        for (int p = first; p <= period; p++) {
            columns.add(new Column("count", "Year ending " + Wording.month(end(p)) + " " + p + " (number)",
                    Cell.COUNT, end(p).toString()));
        }
        columns.add(new Column("share", "Share, year ending " + Wording.month(end(period)) + " " + period + " (%)",
                Cell.PERCENT, latest));
        columns.add(new Column("change", "Change on " + previous + " (number)", Cell.COUNT, latest));
        columns.add(new Column("change-pct", "Change on " + previous + " (%)", Cell.PERCENT, latest));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Double> chartValues = new ArrayList<>();
        boolean has = f.available(period);
        boolean hadBefore = f.available(period - 1);
        long[] now = f.margin(period, dim);
        long[] before = f.margin(period - 1, dim);
        long total = f.total(period);
        for (int i = 0; i <= values.size(); i++) {
            boolean isTotal = i == values.size();
            String value = isTotal ? "Total" : values.get(i);
            int v = isTotal ? -1 : all.indexOf(value);
            List<Cell> row = new ArrayList<>();
            row.add(Cell.label(value));
            for (int p = first; p <= period; p++) {
                if (!f.available(p)) {
                    row.add(Cell.shorthand(NOT_AVAILABLE, Cell.COUNT));
                } else {
                    row.add(Cell.count(isTotal ? f.total(p) : f.margin(p, dim)[v]));
                }
            }
            long count = isTotal ? total : now[v];
            if (!has) {
                row.add(Cell.shorthand(NOT_AVAILABLE, Cell.PERCENT));
            } else {
                row.add(total == 0 ? Cell.shorthand(NOT_APPLICABLE, Cell.PERCENT)
                        : Cell.percent(100.0 * count / total));
            }
            Long then = !hadBefore ? null : isTotal ? f.total(period - 1) : before[v];
            row.addAll(change(has ? count : null, then));
            rows.add(row);
            keys.add(value);
            if (!isTotal) {
                if ("share".equals(t.chart())) {
                    chartValues.add(has && total > 0 ? Cell.round1(100.0 * count / total) : null);
                } else {
                    chartValues.add(has ? (double) count : null);
                }
            }
        }
        Chart chart = switch (t.chart()) {
            case "bar" -> new Chart("bar", t.measure() + " by " + byLabel.toLowerCase(Locale.ROOT) + ", "
                    + Wording.periodShort(end(period)), t.measure() + " (number)", values, chartValues);
            case "share" -> new Chart("share", "Share of " + t.measure().toLowerCase(Locale.ROOT) + " by "
                    + byLabel.toLowerCase(Locale.ROOT) + ", " + Wording.periodShort(end(period)), "Share (%)", values,
                    chartValues);
            default -> null;
        };
        return new ReportTable(t.id(), number, title, t.dataset(), columns, rows, keys,
                java.util.Collections.nCopies(rows.size(), null), t.notes(), shorthandUsed(rows), source, chart);
    }

    /** Change on the previous year as a number and a percentage. */
    private static List<Cell> change(Long now, Long before) {
        if (now == null || before == null) {
            return List.of(Cell.shorthand(NOT_AVAILABLE, Cell.COUNT), Cell.shorthand(NOT_AVAILABLE, Cell.PERCENT));
        }
        Cell pct = before == 0 ? Cell.shorthand(NOT_APPLICABLE, Cell.PERCENT)
                : Cell.percent(100.0 * (now - before) / before);
        return List.of(Cell.count(now - before), pct);
    }

    private ReportTable cross(TableDefinition t, int number, String title, Figures f, int first, String source) {
        DatasetSchema s = f.schema();
        int rowsDim = s.dimensionIndex(t.by());
        int colsDim = s.dimensionIndex(t.across());
        List<String> rowValues = f.rowValues(rowsDim);
        List<String> colValues = f.rowValues(colsDim);
        List<String> allRows = s.dimensions().get(rowsDim).values();
        List<String> allCols = s.dimensions().get(colsDim).values();
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("period", "Year ending", Cell.LABEL));
        columns.add(new Column("category", s.dimensions().get(rowsDim).label(), Cell.LABEL));
        for (String c : colValues) {
            columns.add(new Column("count:" + c, c + " (number)", Cell.COUNT));
        }
        columns.add(new Column("total", "Total (number)", Cell.COUNT));
        for (String c : colValues) {
            columns.add(new Column("share:" + c, c + " (% of row)", Cell.PERCENT));
        }
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> periods = new ArrayList<>();
        int threshold = definition.disclosure().threshold();
        for (int p = first; p <= period; p++) {
            boolean has = f.available(p);
            long[][] full = f.cross(p, rowsDim, colsDim);
            long[][] counts = new long[rowValues.size()][colValues.size()];
            for (int r = 0; r < rowValues.size(); r++) {
                for (int c = 0; c < colValues.size(); c++) {
                    counts[r][c] = full[allRows.indexOf(rowValues.get(r))][allCols.indexOf(colValues.get(c))];
                }
            }
            boolean[][] hidden = Disclosure.suppress(counts, threshold);
            long[] colTotals = new long[colValues.size()];
            for (int r = 0; r <= rowValues.size(); r++) {
                boolean totalRow = r == rowValues.size();
                long[] line = totalRow ? colTotals : counts[r];
                long rowTotal = Arrays.stream(line).sum();
                List<Cell> row = new ArrayList<>();
                row.add(Cell.label(Wording.month(end(p)) + " " + p));
                row.add(Cell.label(totalRow ? "Total" : rowValues.get(r)));
                for (int c = 0; c < colValues.size(); c++) {
                    if (!totalRow) {
                        colTotals[c] += counts[r][c];
                    }
                    boolean h = !totalRow && hidden[r][c];
                    row.add(!has ? Cell.shorthand(NOT_AVAILABLE, Cell.COUNT)
                            : h ? Cell.shorthand(CONFIDENTIAL, Cell.COUNT) : Cell.count(line[c]));
                }
                row.add(has ? Cell.count(rowTotal) : Cell.shorthand(NOT_AVAILABLE, Cell.COUNT));
                for (int c = 0; c < colValues.size(); c++) {
                    boolean h = !totalRow && hidden[r][c];
                    row.add(!has ? Cell.shorthand(NOT_AVAILABLE, Cell.PERCENT)
                            : h ? Cell.shorthand(CONFIDENTIAL, Cell.PERCENT)
                            : rowTotal == 0 ? Cell.shorthand(NOT_APPLICABLE, Cell.PERCENT)
                            : Cell.percent(100.0 * line[c] / rowTotal));
                }
                rows.add(row);
                keys.add(end(p) + "|" + (totalRow ? "Total" : rowValues.get(r)));
                periods.add(end(p).toString());
            }
        }
        return new ReportTable(t.id(), number, title, t.dataset(), columns, rows, keys, periods, t.notes(),
                shorthandUsed(rows), source, null);
    }

    private static List<String> shorthandUsed(List<List<Cell>> rows) {
        Set<String> used = new LinkedHashSet<>();
        for (List<Cell> row : rows) {
            for (Cell c : row) {
                if (c.shorthand() != null) {
                    used.add(c.shorthand());
                }
            }
        }
        return List.copyOf(used);
    }

    /** The key of a figure: period, table, row and column (as {@link Figure#key()}). */
    public static String key(ReportTable t, int row, int column) {
        return Figure.key(t.period(row, column), t.id(), t.rowKeys().get(row), t.columns().get(column).key());
    }

    /**
     * A figure with what a reader needs to find it: its table, row and column as printed, the period it is for and
     * its markers ("[p]", "[r]", "[p] [r]" or "").
     */
    public record Figure(String period, String table, String row, String column, String value, String tableLabel,
            String rowLabel, String columnHeader, String markers) {

        /**
         * period|table|row|column: what identifies a figure from one revision to the next. The period is the one
         * the figure is for ("2024-03" for last year's column of this year's report), not the report's.
         */
        public String key() {
            return key(period, table, row, column);
        }

        public static String key(String period, String table, String row, String column) {
            return period + "|" + table + "|" + row + "|" + column;
        }
    }

    /** Every figure of a report, in table order. */
    public static List<Figure> figureList(Report report) {
        List<Figure> all = new ArrayList<>();
        for (ReportTable t : report.tables()) {
            for (int r = 0; r < t.rows().size(); r++) {
                for (int c = 0; c < t.columns().size(); c++) {
                    if (t.columns().get(c).numeric()) {
                        Cell cell = t.rows().get(r).get(c);
                        all.add(new Figure(t.period(r, c), t.id(), t.rowKeys().get(r), t.columns().get(c).key(),
                                cell.figure(), "Table " + t.number(), rowLabel(t, t.rows().get(r)),
                                t.columns().get(c).header(), cell.markers().trim()));
                    }
                }
            }
        }
        return all;
    }

    /** Every figure of a report by key, as printed (without [r]). */
    public static Map<String, String> figures(Report report) {
        Map<String, String> all = new LinkedHashMap<>();
        for (ReportTable t : report.tables()) {
            for (int r = 0; r < t.rows().size(); r++) {
                for (int c = 0; c < t.columns().size(); c++) {
                    if (t.columns().get(c).numeric()) {
                        all.put(key(t, r, c), t.rows().get(r).get(c).figure());
                    }
                }
            }
        }
        return all;
    }

    private static List<ReportTable> markRevisions(List<ReportTable> tables, Map<String, Previous> previous,
            List<Report.RevisionEntry> revisions) {
        List<ReportTable> marked = new ArrayList<>();
        for (ReportTable t : tables) {
            List<List<Cell>> rows = new ArrayList<>();
            boolean any = false;
            for (int r = 0; r < t.rows().size(); r++) {
                List<Cell> row = new ArrayList<>(t.rows().get(r));
                for (int c = 0; c < row.size(); c++) {
                    if (!t.columns().get(c).numeric()) {
                        continue;
                    }
                    Previous before = previous.get(key(t, r, c));
                    String now = row.get(c).figure();
                    if (before != null && !before.value().equals(now)) {
                        row.set(c, row.get(c).withRevised(true));
                        any = true;
                        revisions.add(new Report.RevisionEntry("Table " + t.number(), rowLabel(t, row),
                                t.columns().get(c).header(), t.period(r, c), row.get(c).format(),
                                before.value(), now, before.publication(), difference(before.value(), now)));
                    }
                }
                rows.add(row);
            }
            marked.add(t.withCells(rows, any ? withCode(t.shorthand(), "[r]") : t.shorthand()));
        }
        return marked;
    }

    /** New minus old as printed ("+9", "-0.4"), or [x] when either is shorthand ([c] to 5, say). */
    static String difference(String before, String now) {
        try {
            java.math.BigDecimal a = new java.math.BigDecimal(before.replace(",", ""));
            java.math.BigDecimal b = new java.math.BigDecimal(now.replace(",", ""));
            java.math.BigDecimal d = b.subtract(a);
            String text = d.scale() == 0 ? Cell.grouped(d.longValueExact()) : d.toPlainString();
            return d.signum() > 0 ? "+" + text : text;
        } catch (NumberFormatException | ArithmeticException e) {
            return NOT_AVAILABLE;
        }
    }

    private static String rowLabel(ReportTable t, List<Cell> row) {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < row.size(); c++) {
            if (!t.columns().get(c).numeric()) {
                labels.add(row.get(c).figure());
            }
        }
        return String.join(", ", labels);
    }

    private String headline(HeadlineDefinition h) {
        Figures f = figures.get(h.dataset());
        YearMonth end = end(period);
        YearMonth previous = end(period - 1);
        if (!f.available(period)) {
            DatasetDefinition d = definition.dataset(h.dataset()).orElseThrow();
            return "Figures from " + d.file() + " are not available for the " + Wording.period(end) + " [x].";
        }
        long count = f.matching(period, h.where());
        long total = f.total(period);
        Long before = f.available(period - 1) ? f.matching(period - 1, h.where()) : null;
        Long beforeTotal = f.available(period - 1) ? f.total(period - 1) : null;
        double share = total == 0 ? 0 : 100.0 * count / total;
        Double shareBefore = before == null || beforeTotal == 0 ? null : 100.0 * before / beforeTotal;
        Matcher m = PLACEHOLDER.matcher(h.text().trim().replaceAll("\\s+", " "));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "count" -> Wording.count(count);
                case "share" -> Wording.oneDecimal(share) + "%";
                case "period" -> Wording.period(end);
                case "previous-period" -> Wording.period(previous);
                case "previous-count" -> before == null ? "[x]" : Wording.count(before);
                case "change-on-previous" -> Wording.change(count, before, previous);
                case "share-change" -> Wording.shareChange(share, shareBefore, previous);
                case "median-comparison" -> median(f, h.where(), count);
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String sentence = out.toString();
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** "above the median of the previous five years (196)" */
    private String median(Figures f, Map<String, String> where, long count) {
        List<Long> earlier = new ArrayList<>();
        for (int p = period - 5; p < period; p++) {
            if (f.available(p)) {
                earlier.add(f.matching(p, where));
            }
        }
        if (earlier.isEmpty()) {
            return "not comparable with earlier years, for which no figures are available";
        }
        earlier.sort(Long::compare);
        int n = earlier.size();
        double median = n % 2 == 1 ? earlier.get(n / 2) : (earlier.get(n / 2 - 1) + earlier.get(n / 2)) / 2.0;
        String years = n == 5 ? "five" : n == 4 ? "four" : n == 3 ? "three" : n == 2 ? "two" : "one";
        String shown = median == Math.rint(median) ? Wording.count((long) median) : Wording.oneDecimal(median);
        String comparison = count > median ? "above" : count < median ? "below" : "equal to";
        return comparison + " the median of the previous " + years + (n == 1 ? " year" : " years") + " (" + shown
                + ")";
    }
}
