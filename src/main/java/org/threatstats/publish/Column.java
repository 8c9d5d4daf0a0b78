package org.threatstats.publish;

/**
 * A table column: a unique header with its units in brackets ("Share (%)"), a stable key for revisions, the
 * format of its numbers, and the period its figures are for ("2025-03") when the column holds one year of a table
 * that runs years across; null when each row says its own period (the series) or the column is a label.
 */
public record Column(String key, String header, String format, String period) {

    public Column(String key, String header, String format) {
        this(key, header, format, null);
    }

    public boolean numeric() {
        return !Cell.LABEL.equals(format);
    }
}
