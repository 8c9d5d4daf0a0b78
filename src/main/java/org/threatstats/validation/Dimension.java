package org.threatstats.validation;

import java.util.List;

/**
 * A category the figures can be broken down by: a category column, or bands of a whole-number column.
 *
 * @param values labels in the order tables show them
 */
public record Dimension(String name, String label, List<String> values) {

    public int indexOf(String value) {
        return values.indexOf(value);
    }
}
