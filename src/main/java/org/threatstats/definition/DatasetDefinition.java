package org.threatstats.definition;

import java.util.List;
import java.util.Optional;

/**
 * One CSV input and its schema.
 *
 * <p>Record-level datasets name a {@code dateColumn}: each row is one case, counted once in the period its date
 * falls in. Count datasets name a {@code periodColumn} (a {@code year-month} column: the last month of the year the
 * row covers) and a {@code countColumn}: each row already holds a count.
 *
 * @param maxRejects    bad records that may be set aside before the whole run is rejected (0: none; at most
 *                      1000000000)
 * @param maxFileSize   bytes above which the file is refused before it is read ({@code max-file-size}: 1B to
 *                      1024TB, in units of 1024)
 * @param uniqueKey     columns that together must be unique (empty: none); {@code unique: true} on a column
 *                      makes that column a key of its own
 * @param whenMissing   what the report shows when the file is absent or has no rows for a period:
 *                      {@code not-available} ([x] with a note) or {@code reject}
 * @param source        where the dataset's figures come from, cited under each of its tables (null: the report's
 *                      {@code source})
 */
public record DatasetDefinition(String name, String file, String description, boolean required, long maxRejects,
        long maxFileSize, String dateColumn, String periodColumn, String countColumn, List<ColumnDefinition> columns,
        List<BandDefinition> bands, List<TotalRule> totals, String whenMissing, List<String> uniqueKey,
        String source) {

    public Optional<ColumnDefinition> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public boolean countWeighted() {
        return countColumn != null;
    }

    public List<String> header() {
        return columns.stream().map(ColumnDefinition::name).toList();
    }
}
