package org.threatstats.definition;

import java.util.List;

/**
 * One column of a dataset and the rules every value in it must satisfy.
 *
 * @param values allowed values of a category column, in the order tables show them
 * @param min    smallest allowed number (whole-number and decimal columns), or null; bounds lie from -10^15 to
 *               10^15, and are whole numbers for a whole-number column
 * @param max    largest allowed number, or null
 * @param pattern a regular expression a text value must match in full, or null
 * @param unique whether no two records may share a value (a key)
 */
public record ColumnDefinition(String name, ColumnType type, boolean required, List<String> values, Double min,
        Double max, String pattern, boolean unique, String label) {

    public String displayLabel() {
        return label != null ? label : name;
    }
}
