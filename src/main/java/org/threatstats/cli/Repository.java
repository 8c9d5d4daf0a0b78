package org.threatstats.cli;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
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
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ThreatstatsApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(Map.of("threatstats.output-dir", outputDir.toAbsolutePath().normalize().toString(),
                        "threatstats.console-log", verbose ? "INFO" : "OFF"))
                .run();
        return new Repository(context);
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
