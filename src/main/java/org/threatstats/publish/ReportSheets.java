package org.threatstats.publish;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.threatstats.validation.DatasetQuality;

/**
 * The workbook's layout, shared by the Excel and ODS renderers so both follow the same rules in the same way:
 * the cover's lines, the notes, the shorthand key, and the extra tables (data quality, revisions, records set
 * aside) that the workbook adds after the report's own tables.
 */
public final class ReportSheets {
    public static final Map<String, String> SHORTHAND = Map.of(
            "[x]", "[x] = not available",
            "[z]", "[z] = not applicable",
            "[c]", "[c] = confidential (suppressed to protect individuals; see the notes)",
            "[r]", "[r] = revised since previously published",
            "[p]", "[p] = provisional (may be revised in a later publication)",
            "[low]", "[low] = rounds to zero but is not zero");

    private ReportSheets() {
    }

    public static String date(String iso) {
        return LocalDate.parse(iso).format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK));
    }

    /** The line under the title of the Contents and Notes sheets. */
    public static final String CONTENTS_INTRO =
            "This worksheet contains one table. Each link goes to cell A1 of its worksheet.";
    public static final String NOTES_INTRO =
            "This worksheet contains one table. Notes are cited in table titles as [note N].";

    /**
     * The title in the file's document properties: the cover's, without underscores or dashes between words; a
     * hyphen inside a word stays ("terrorism-related").
     */
    public static String documentTitle(Report r) {
        return coverTitle(r).replace('_', ' ').replaceAll("\\s+[-\u2013\u2014]+\\s+", ", ");
    }

    /** The rows of the Notes sheet: the job's notes, or the disclosure rule when the job has none. */
    public static List<String> notes(Report r) {
        return r.disclosureRule() != null && r.notes().isEmpty() ? List.of(r.disclosureRule()) : r.notes();
    }

    /** A column's width in characters: its longest text (header or value) and a margin, at most 255 as in Excel. */
    public static int width(String header, List<String> values) {
        int w = header.length();
        for (String v : values) {
            w = Math.max(w, v.length());
        }
        return Math.min(255, w + 4);
    }

    /**
     * The column widths of a table's sheet, in characters: the longest value, the header's longest word, or a third
     * of the header up to 40 (a long header wraps); a margin; at most 255; column A at least 20, as it also holds the title and the lines above.
     */
    public static int[] columnWidths(ReportTable t) {
        int[] widths = new int[t.columns().size()];
        for (int c = 0; c < widths.length; c++) {
            // headers wrap (at most about three lines), so a table of years across still prints legibly on one
            // page wide; no word of a header and no value is ever cut
            String header = t.columns().get(c).header();
            int w = Math.min(40, (header.length() + 2) / 3);
            for (String word : header.split(" ")) {
                w = Math.max(w, word.length());
            }
            for (List<Cell> row : t.rows()) {
                w = Math.max(w, row.get(c).display().length());
            }
            widths[c] = Math.min(255, w + 4);
        }
        if (widths.length > 0) {
            widths[0] = Math.max(widths[0], 20);
        }
        return widths;
    }

    /** A1 of the cover: what, when, where. */
    public static String coverTitle(Report r) {
        return r.title() + ", " + (r.geography() == null ? "" : r.geography() + ", ") + r.periodShort();
    }

    /** The cover's lines after the title, each a paragraph in column A. */
    public static List<String> coverLines(Report r) {
        List<String> lines = new ArrayList<>();
        if (r.summary() != null) {
            lines.add(r.summary());
        }
        lines.add("Period covered: " + r.periodLabel() + ".");
        if (r.releaseStatus() != null) {
            lines.add(r.releaseStatus() + ".");
        }
        lines.add("Published: " + date(r.publishedOn()) + ". Revision " + r.revision() + " of this period's "
                + "statistics.");
        lines.add(revisionsLine(r));
        if (r.nextUpdate() != null) {
            lines.add("Next update: " + r.nextUpdate() + ".");
        }
        lines.add("Protective marking: " + r.marking() + ".");
        if (r.source() != null) {
            lines.add("Source: " + r.source());
        }
        if (r.contact() != null) {
            lines.add("Contact: " + r.contact());
        }
        lines.add("Produced by " + r.organisation() + ". Every figure is computed from the input files named in the"
                + " data-quality table, identified by their SHA-256.");
        return lines;
    }

    /** One line on revisions, for the cover and the PDF: either there are some, listed, or there are none. */
    public static String revisionsLine(Report r) {
        if (r.containsRevisions()) {
            return "This release contains revisions: " + r.revisions().size() + (r.revisions().size() == 1
                    ? " figure differs" : " figures differ") + " from what the last publication that showed "
                    + (r.revisions().size() == 1 ? "it" : "them") + " published; each is marked [r] and listed "
                    + "in the revisions table.";
        }
        return "This release contains no revised figures: every figure shown before is as previously published.";
    }

    /**
     * A label cell's text. The row's first label says " [r]" when a figure of the row is revised: a number format
     * shows [r] only beside the figure, and is lost when the cell is copied or read by code; the label keeps it.
     */
    public static String label(ReportTable t, List<Cell> row, int column) {
        String text = row.get(column).text();
        int first = 0;
        while (first < row.size() && t.columns().get(first).numeric()) {
            first++;
        }
        return column == first && row.stream().anyMatch(Cell::revised) ? text + " [r]" : text;
    }

    /** Whether a table sheet is wider than a portrait page holds at a readable scale (in characters). */
    public static boolean landscape(int[] widths) {
        int sum = 0;
        for (int w : widths) {
            sum += w;
        }
        return sum > 110;
    }

    /**
     * How many columns a printed page must span so that the lines above a table (its title, 16 pt, and the
     * notes, source and marking lines, which overflow column A) are printed whole, not cut mid-word.
     */
    public static int printedColumns(int[] widths, List<String> lines) {
        int needed = 0;
        for (int i = 0; i < lines.size(); i++) {
            needed = Math.max(needed, (int) Math.ceil(lines.get(i).length() * (i == 0 ? 1.4 : 1.0)));
        }
        int sum = 0;
        int columns = 0;
        while (columns < widths.length || sum < needed) {
            sum += columns < widths.length ? widths[columns] : 10;
            columns++;
        }
        return columns;
    }

    /** "Shorthand used in this table: [x] = not available; ..." */
    public static String shorthandLine(List<String> codes) {
        if (codes.isEmpty()) {
            return "This table contains no shorthand.";
        }
        List<String> parts = new ArrayList<>();
        for (String code : codes) {
            parts.add(SHORTHAND.getOrDefault(code, code));
        }
        return "Shorthand used in this table: " + String.join("; ", parts) + ".";
    }

    public static String notesLine(ReportTable t) {
        return t.notes().isEmpty() ? "This table has no notes."
                : "Notes for this table are on the Notes worksheet (cited in the title).";
    }

    /** The report's tables plus the data-quality, revisions and set-aside tables, numbered on. */
    public static List<ReportTable> allTables(Report r) {
        List<ReportTable> all = new ArrayList<>(r.tables());
        int number = r.tables().size() + 1;
        all.add(qualityTable(r, number++));
        if (r.containsRevisions()) {
            all.add(revisionsTable(r, number++));
        }
        if (r.quality().stream().anyMatch(q -> q.rejectedRecords() > 0)) {
            all.add(setAsideTable(r, number));
        }
        return all;
    }

    static ReportTable qualityTable(Report r, int number) {
        List<Column> columns = List.of(new Column("file", "Input file", Cell.LABEL),
                new Column("sha256", "SHA-256 of the file", Cell.LABEL),
                new Column("records", "Records read (number)", Cell.COUNT),
                new Column("accepted", "Records used (number)", Cell.COUNT),
                new Column("rejected", "Records set aside (number)", Cell.COUNT),
                new Column("trimmed", "Values with spaces trimmed (number)", Cell.COUNT),
                new Column("blank", "Blank lines skipped (number)", Cell.COUNT));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (DatasetQuality q : r.quality()) {
            if (!q.present()) {
                rows.add(List.of(Cell.label(q.file()), Cell.label("not supplied"),
                        Cell.shorthand("[x]", Cell.COUNT), Cell.shorthand("[x]", Cell.COUNT),
                        Cell.shorthand("[x]", Cell.COUNT), Cell.shorthand("[x]", Cell.COUNT),
                        Cell.shorthand("[x]", Cell.COUNT)));
            } else {
                rows.add(List.of(Cell.label(q.file()), Cell.label(q.sha256()), Cell.count(q.records()),
                        Cell.count(q.accepted()), Cell.count(q.rejectedRecords()), Cell.count(q.trimmed()),
                        Cell.count(q.blankLines())));
            }
            keys.add(q.dataset());
        }
        boolean missing = r.quality().stream().anyMatch(q -> !q.present());
        return new ReportTable("data-quality", number, "Inputs and data quality: records read, used and set aside",
                null, columns, rows, keys, List.of(), missing ? List.of("[x]") : List.of(),
                "The input files of this run", null);
    }

    static ReportTable revisionsTable(Report r, int number) {
        // the figures are numbers, stored as numbers in the figure's own format (a count or a percentage)
        List<Column> columns = List.of(new Column("table", "Table", Cell.LABEL),
                new Column("row", "Row", Cell.LABEL), new Column("column", "Column", Cell.LABEL),
                new Column("previous", "Previously published (number or %)", Cell.COUNT),
                new Column("publication", "Previously published in", Cell.LABEL),
                new Column("current", "Revised (number or %)", Cell.COUNT),
                new Column("difference", "Difference", Cell.LABEL));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Report.RevisionEntry e : r.revisions()) {
            rows.add(List.of(Cell.label(e.table()), Cell.label(e.row()), Cell.label(e.column()),
                    figure(e.previous(), e.format()), Cell.label(e.publication()),
                    figure(e.current(), e.format()), Cell.label(e.difference())));
            keys.add(e.table() + "|" + e.row() + "|" + e.column());
        }
        return new ReportTable("revisions", number, "Revisions: figures that differ from what an earlier "
                + "publication showed", null, columns, rows, keys, List.of(), List.of(),
                "Comparison with the last publication that showed each figure", null);
    }

    /** A figure as printed ("1,886", "18.5", "[c]") back to a cell of its format. */
    static Cell figure(String printed, String format) {
        String f = format == null ? Cell.COUNT : format;
        if (printed != null && printed.matches("-?[\\d,]+(\\.\\d+)?")) {
            double v = Double.parseDouble(printed.replace(",", ""));
            return Cell.PERCENT.equals(f) ? Cell.percent(v) : new Cell(null, v, f, null, false, false);
        }
        return Cell.shorthand(printed, f);
    }

    /**
     * Why records were set aside, as counts by column and rule. Never the records themselves: a published report
     * must not show case-level values (an arrest ID, an age, a date); {@code rejects.csv}, kept with the
     * analysts, lists each one.
     */
    static ReportTable setAsideTable(Report r, int number) {
        List<Column> columns = List.of(new Column("file", "Input file", Cell.LABEL),
                new Column("column", "Column", Cell.LABEL), new Column("rule", "Rule broken", Cell.LABEL),
                new Column("problems", "Problems (number)", Cell.COUNT));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (DatasetQuality q : r.quality()) {
            if (q.rejectedRecords() == 0) {
                continue;
            }
            q.reasons().forEach((reason, count) -> {
                int colon = reason.indexOf(": ");
                String column = colon < 0 ? "(whole record)" : reason.substring(0, colon);
                String rule = colon < 0 ? reason : reason.substring(colon + 2);
                rows.add(List.of(Cell.label(q.file()), Cell.label(column), Cell.label(RULES.getOrDefault(rule, rule)),
                        Cell.count(count)));
                keys.add(q.file() + "|" + reason);
            });
        }
        return new ReportTable("set-aside", number, "Records set aside: problems found, by column and rule", null,
                columns, rows, keys, List.of(), List.of(), "Validation of the input files (rejects.csv lists each "
                        + "record set aside, for the analysts)", null);
    }

    /** The rules of a job definition, in words. */
    private static final Map<String, String> RULES = Map.ofEntries(Map.entry("type", "wrong type of value"),
            Map.entry("required", "value missing"), Map.entry("allowed-values", "not an allowed value"),
            Map.entry("range", "outside the allowed range"), Map.entry("pattern", "does not match the pattern"),
            Map.entry("unique", "repeats a key"), Map.entry("band", "in no band"),
            Map.entry("structure", "broken record"), Map.entry("total", "parts do not add up to the total"));
}
