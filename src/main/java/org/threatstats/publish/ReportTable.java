package org.threatstats.publish;

import java.util.List;

/**
 * A table of the report, described once: title, columns, rows, notes, shorthand used and source; the renderers
 * apply the house rules (a sheet per table, an Excel table object, formats; or a PDF table beside its chart).
 *
 * @param rowKeys   one stable key per row (period and category), to find each figure's first publication
 * @param shorthand codes used in the table's cells, explained above the table
 */
public record ReportTable(String id, int number, String title, String dataset, List<Column> columns,
        List<List<Cell>> rows, List<String> rowKeys, List<Integer> notes, List<String> shorthand, String source,
        Chart chart) {

    public String sheetName() {
        return "Table_" + number;
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
