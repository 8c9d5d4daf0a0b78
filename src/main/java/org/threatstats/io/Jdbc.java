package org.threatstats.io;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** What the job repository's database holds, asked the same way of HSQLDB and PostgreSQL. */
public final class Jdbc {
    private Jdbc() {
    }

    /**
     * Whether the table {@code name} ("TABLE" or "schema.TABLE") exists, in upper case (HSQLDB folds names so) or
     * in lower case (PostgreSQL does).
     */
    public static boolean hasTable(Connection c, String name) throws SQLException {
        String schema = null;
        String table = name;
        int dot = name.indexOf('.');
        if (dot >= 0) {
            schema = name.substring(0, dot);
            table = name.substring(dot + 1);
        }
        DatabaseMetaData meta = c.getMetaData();
        for (boolean upper : new boolean[] {true, false}) {
            String t = upper ? table.toUpperCase(Locale.ROOT) : table.toLowerCase(Locale.ROOT);
            String s = schema == null ? null : upper ? schema.toUpperCase(Locale.ROOT) : schema.toLowerCase(Locale.ROOT);
            try (ResultSet r = meta.getTables(c.getCatalog(), s, t, new String[] {"TABLE"})) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
