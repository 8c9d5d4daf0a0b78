package org.threatstats.publish;

import java.util.Collections;
import java.util.List;

/**
 * A table of the report, described once: title, columns, rows, notes, shorthand used and source; the renderers
 * apply the house rules (a sheet per table, an Excel table object, formats; or a PDF table beside its chart).
 *
 * @param rowKeys    one stable key per row (the category, or the period in a series), to find each figure's first
 *                   publication
 * @param rowPeriods the period each row's figures are for ("2025-03"), or null where the columns say it (tables
 *                   that run years across)
 * @param shorthand  codes used in the table's cells, explained above the table
 */
public record ReportTable(String id, int number, String title, String dataset, List<Column> columns,
        List<List<Cell>> rows, List<String> rowKeys, List<String> rowPeriods, List<Integer> notes,
        List<String> shorthand, String source, Chart chart) {

    /** A table whose figures are for no period of the report's (data quality, revisions). */
    public ReportTable(String id, int number, String title, String dataset, List<Column> columns,
            List<List<Cell>> rows, List<String> rowKeys, List<Integer> notes, List<String> shorthand, String source,
            Chart chart) {
        this(id, number, title, dataset, columns, rows, rowKeys, Collections.nCopies(rows.size(), null), notes,
                shorthand, source, chart);
    }

    /** The same table with other cells and the shorthand they use (after marking [p] or [r], say). */
    public ReportTable withCells(List<List<Cell>> cells, List<String> codes) {
        return new ReportTable(id, number, title, dataset, columns, cells, rowKeys, rowPeriods, notes, codes, source,
                chart);
    }

    public String sheetName() {
        return "Table_" + number;
    }

    /** The period a figure is for: its column's, or else its row's. */
    public String period(int row, int column) {
        String p = columns.get(column).period();
        return p != null ? p : rowPeriods.get(row);
    }

    /** "Table 2: Arrests ... [note 1] [note 3]" */
    public String numberedTitle() {
        StringBuilder s = new StringBuilder("Table ").append(number).append(": ").append(title);
        for (int n : notes) {
            s.append(" [note ").append(n).append(']');
        }
        return s.toString();
    }
}
