package org.threatstats.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.threatstats.ThreatstatsApplication;
import org.threatstats.io.Problem;

/**
 * The Spring context with the job repository, started only by commands that need the run history, once per
 * process (the scheduler keeps it for all its runs). Its database is, by default, an HSQLDB file inside the output
 * folder; {@code spring.datasource.*} points it elsewhere.
 */
final class Repository implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private Repository(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static Repository open(Path outputDir, boolean verbose) {
        return open(outputDir, verbose, Map.of());
    }

    /** The context with {@code overrides} above every other source of properties (the repository's URL, say). */
    static Repository open(Path outputDir, boolean verbose, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of("threatstats.output-dir",
                outputDir.toAbsolutePath().normalize().toString(), "threatstats.console-log",
                verbose ? "INFO" : "OFF"));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ThreatstatsApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties);
        if (!overrides.isEmpty()) {
            builder.initializers(c -> c.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("threatstats-overrides", overrides)));
        }
        Repository repository;
        try {
            repository = new Repository(builder.run());
        } catch (RuntimeException e) {
            throw damaged(outputDir, e).orElseThrow(() -> e);
        }
        if (!verbose) {
            quietLogbackStatus();
        }
        if (repository.embedded()) {
            try {
                repository.check();
            } catch (RuntimeException e) {
                repository.close();
                throw damaged(outputDir, e).orElseThrow(() -> e);
            }
        }
        return repository;
    }

    /** The embedded repository's database files: {@code .repository/db/} of the output folder. */
    static Path databaseFolder(Path outputDir) {
        return outputDir.toAbsolutePath().normalize().resolve(".repository").resolve("db");
    }

    /** Thrown when the embedded repository's own check finds rows lost (a file cut short, say). */
    private static final class Incomplete extends RuntimeException {
        Incomplete(String message) {
            super(message);
        }
    }

    /**
     * Opens the database and checks what a cut-short file loses without HSQLDB noticing: every run and every
     * step of one has its saved state (Spring Batch writes the two together).
     */
    private void check() {
        context.getBean(org.springframework.batch.core.repository.JobRepository.class);
        var jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        Long runs = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e WHERE NOT EXISTS (SELECT 1 "
                + "FROM BATCH_JOB_EXECUTION_CONTEXT c WHERE c.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID)", Long.class);
        Long steps = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION e WHERE NOT EXISTS (SELECT 1 "
                + "FROM BATCH_STEP_EXECUTION_CONTEXT c WHERE c.STEP_EXECUTION_ID = e.STEP_EXECUTION_ID)", Long.class);
        Long empty = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_CONTEXT WHERE "
                + "SHORT_CONTEXT IS NULL AND SERIALIZED_CONTEXT IS NULL) + (SELECT COUNT(*) FROM "
                + "BATCH_STEP_EXECUTION_CONTEXT WHERE SHORT_CONTEXT IS NULL AND SERIALIZED_CONTEXT IS NULL) FROM "
                + "(VALUES(0))", Long.class);
        long lost = (runs == null ? 0 : runs) + (steps == null ? 0 : steps) + (empty == null ? 0 : empty);
        // the id counters behind the highest ids in use: the next run would be given an id that is taken
        for (String[] table : new String[][] {{"BATCH_JOB_INSTANCE", "JOB_INSTANCE_ID"},
            {"BATCH_JOB_EXECUTION", "JOB_EXECUTION_ID"}, {"BATCH_STEP_EXECUTION", "STEP_EXECUTION_ID"}}) {
            Long behind = jdbc.queryForObject("SELECT COUNT(*) FROM " + table[0] + " WHERE " + table[1]
                    + " > (SELECT COALESCE(MAX(ID), -1) FROM " + table[0] + "_SEQ)", Long.class);
            if (behind != null && behind > 0) {
                throw new Incomplete("its id counter " + table[0] + "_SEQ is behind the ids in use");
            }
        }
        if (lost > 0) {
            throw new Incomplete(lost + " recorded run" + (lost == 1 ? " has" : "s have") + " lost the state saved "
                    + "with it");
        }
        context.getBean(org.threatstats.ledger.Ledger.class).damage().ifPresent(what -> {
            throw new Incomplete(what);
        });
    }

    /**
     * A failure of the embedded repository's database, as the one sentence an operator needs: which file, that
     * nothing published was changed, and the two ways on. Empty when the failure is not the database's.
     */
    static java.util.Optional<Problem> damaged(Path outputDir, Throwable e) {
        Path db = databaseFolder(outputDir);
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Incomplete || t instanceof java.sql.SQLException) {
                reason = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (reason == null || !Files.isDirectory(db)) {
            return java.util.Optional.empty();
        }
        String r = reason.replaceAll("\\s*org\\.hsqldb\\.HsqlException:", "").replaceAll("\\s+", " ").trim();
        String lower = r.toLowerCase(java.util.Locale.ROOT);
        Path file = lower.contains("log file") ? db.resolve("threatstats.log")
                : lower.contains("data file") ? db.resolve("threatstats.data")
                : lower.contains("properties") ? db.resolve("threatstats.properties")
                : db.resolve("threatstats.script");
        if (!Files.exists(file)) {
            file = db;
        }
        return java.util.Optional.of(new Problem("the job repository " + file + " is damaged (" + r + "); nothing "
                + "published was changed: restore " + db + " from a backup, or move it aside to start a new "
                + "repository, whose revision numbers continue from the output folder's", e));
    }

    /**
     * Spring Boot prints Logback's own errors on the console, stack trace and all: a log file that cannot be
     * written (a full disk) would put dozens of lines before the one sentence the operator needs. The failure that
     * matters reaches the operator as that sentence; {@code --verbose} keeps Logback's account.
     */
    private static void quietLogbackStatus() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            var manager = context.getStatusManager();
            for (var listener : manager.getCopyOfStatusListenerList()) {
                if (listener.getClass().getName().startsWith("org.springframework.boot.logging.logback.")) {
                    manager.remove(listener);
                }
            }
        }
    }

    /** Whether the job repository is the embedded database inside the output folder (not a shared server). */
    boolean embedded() {
        String url = property("spring.datasource.url");
        String output = property("threatstats.output-dir");
        return url != null && url.startsWith("jdbc:hsqldb:file:" + output + "/.repository/");
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
