package org.threatstats.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.threatstats.ThreatstatsApplication;
import org.threatstats.history.EmbeddedDatabaseOpener;

/**
 * The Spring context with the job repository, started only by commands that need the run history. Its database
 * is, by default, an HSQLDB file inside the output folder; {@code spring.datasource.*} points it elsewhere.
 */
final class Repository implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private Repository(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static Repository open(Path outputDir, boolean verbose) {
        try (EmbeddedDatabaseOpener database = new EmbeddedDatabaseOpener()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ThreatstatsApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .registerShutdownHook(false)
                    .listeners(database)
                    .initializers(c -> c.getBeanFactory().registerSingleton("embeddedDatabaseOpener", database))
                    .properties(Map.of("threatstats.output-dir", outputDir.toAbsolutePath().normalize().toString(),
                            "threatstats.console-log", verbose ? "INFO" : "OFF"))
                    .run();
            try {
                if (database.started()) {
                    // the pool's first connection, while the early one keeps the embedded database open
                    database.await();
                    context.getBean(DataSource.class).getConnection().close();
                }
            } catch (SQLException e) {
                context.close();
                throw new IllegalStateException(e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
            return new Repository(context);
        }
    }

    String property(String name) {
        return context.getEnvironment().getProperty(name);
    }

    <T> T get(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
