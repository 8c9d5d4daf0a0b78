package org.threatstats.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.threatstats.io.Jdbc;

/**
 * Creates Spring Batch's tables when the repository does not have them yet, and only then. Boot's initializer with
 * {@code spring.batch.jdbc.initialize-schema=always} runs the whole script on every start and lets each statement
 * fail on the existing tables: a third of a second of every command on the embedded database. The script, the
 * setting and the databases it works with (HSQLDB, PostgreSQL, ...) are Boot's; this only asks the database first.
 */
@Configuration(proxyBeanMethods = false)
public class RepositorySchema {

    @Bean
    BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(DataSource dataSource,
            BatchJdbcProperties properties) {
        return new BatchDataSourceScriptDatabaseInitializer(dataSource, properties) {
            @Override
            public boolean initializeDatabase() {
                // Spring Batch's own prefix unless one is set
                String prefix = properties.getTablePrefix() != null ? properties.getTablePrefix() : "BATCH_";
                if (hasTable(getDataSource(), prefix + "JOB_INSTANCE")) {
                    return false;
                }
                boolean created = super.initializeDatabase();
                if (created) {
                    startIdsAtOne(getDataSource(), prefix);
                }
                return created;
            }
        };
    }

    /**
     * Run ids are counted from 1, as people count: HSQLDB's identity columns, which Batch's script uses for its ids,
     * would start at 0 (PostgreSQL's sequences start at 1 already).
     */
    static void startIdsAtOne(DataSource dataSource, String prefix) {
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("hsql")) {
                return;
            }
            for (String table : new String[] {"JOB_INSTANCE_SEQ", "JOB_EXECUTION_SEQ", "STEP_EXECUTION_SEQ"}) {
                statement.execute("ALTER TABLE " + prefix + table + " ALTER COLUMN ID RESTART WITH 1");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the job repository's ids: " + e.getMessage(), e);
        }
    }

    /** Whether the table exists, as the database spells unquoted names (HSQLDB upper case, PostgreSQL lower). */
    static boolean hasTable(DataSource dataSource, String name) {
        if (name.contains(".")) {
            return false; // a schema-qualified prefix: leave it to Boot's script
        }
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.hasTable(connection, name);
        } catch (SQLException e) {
            return false; // cannot tell: Boot's script decides, as it would have without this check
        }
    }
}
