package org.threatstats.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.threatstats.ThreatstatsApplication;

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
        Repository repository = new Repository(builder.run());
        if (!verbose) {
            quietLogbackStatus();
        }
        return repository;
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
