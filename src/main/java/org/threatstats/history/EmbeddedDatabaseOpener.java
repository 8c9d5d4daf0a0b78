package org.threatstats.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.threatstats.DaemonThreads;

/**
 * Opens the embedded (HSQLDB) job repository, and creates its tables if they are missing, on a thread of its own
 * while Spring builds the rest of its context: opening and creating the database took a fifth of a second, after
 * the context, on every command that reads or writes the run history. HSQLDB keeps an in-process database open
 * while any connection to it is, so the connection pool then finds it ready; {@link #close()} lets go of this
 * connection once the pool has its own. {@link RepositorySchema} waits for it before looking for the tables.
 *
 * <p>Only a {@code jdbc:hsqldb:} URL is opened early. Any other database (PostgreSQL) is opened by the pool when
 * the job repository is first used, as before.
 */
public final class EmbeddedDatabaseOpener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        AutoCloseable {
    private volatile CompletableFuture<Connection> opening;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:hsqldb:")) {
            return;
        }
        String user = environment.getProperty("spring.datasource.username", "SA");
        String password = environment.getProperty("spring.datasource.password", "");
        BatchJdbcProperties batch = Binder.get(environment).bindOrCreate("spring.batch.jdbc",
                BatchJdbcProperties.class);
        opening = CompletableFuture.supplyAsync(() -> open(url, user, password, batch),
                runnable -> DaemonThreads.named("repository database").newThread(runnable).start());
    }

    private static Connection open(String url, String user, String password, BatchJdbcProperties batch) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            try {
                RepositorySchema.initialize(new SingleConnectionDataSource(connection, true), batch);
                return connection;
            } catch (RuntimeException | Error e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether this opener opened (or is opening) the database: the URL was an embedded HSQLDB one. */
    public boolean started() {
        return opening != null;
    }

    /**
     * Waits for the early opening, if there was one, so that the tables are there before anything else uses the
     * database; throws what went wrong (the database could not be opened, or its tables not created).
     */
    public void await() {
        CompletableFuture<Connection> f = opening;
        if (f != null) {
            try {
                f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** Closes the early connection. Call it once the context's own data source has a connection, or on failure. */
    @Override
    public void close() {
        CompletableFuture<Connection> f = opening;
        if (f == null) {
            return;
        }
        try {
            f.join().close();
        } catch (CompletionException | SQLException e) {
            // await() has reported it, or the command is failing already
        }
    }
}
