package org.threatstats.definition;

import java.util.Locale;

/** The type of a CSV column, as written in a job file ({@code text}, {@code whole-number}, ...). */
public enum ColumnType {
    TEXT, WHOLE_NUMBER, DECIMAL, DATE, YEAR_MONTH, CATEGORY;

    public static ColumnType parse(String text) {
        for (ColumnType type : values()) {
            if (type.yamlName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new DefinitionException("unknown column type '" + text + "' (use one of: text, whole-number, "
                + "decimal, date, year-month, category)");
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
