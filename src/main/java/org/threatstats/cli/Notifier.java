package org.threatstats.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threatstats.io.Json;

/**
 * Calls the operator's command (property {@code threatstats.notify-command}, e.g. to send mail) when a job failed
 * or its inputs were rejected: the summary as JSON on its standard input, its path in {@code THREATSTATS_SUMMARY}.
 * Nothing happens when every job completed, was up to date or was already running: no alert without something
 * for a person to do.
 */
final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    static final String PROPERTY = "threatstats.notify-command";
    static final String TIMEOUT_PROPERTY = "threatstats.notify-timeout";

    private Notifier() {
    }

    /**
     * The configured command: Spring's property when the context could be read, otherwise the system property or
     * the environment variable THREATSTATS_NOTIFY_COMMAND (so a failure to open the repository is reported too).
     */
    static String command(String fromSpring) {
        if (fromSpring != null && !fromSpring.isBlank()) {
            return fromSpring;
        }
        return System.getProperty(PROPERTY, System.getenv("THREATSTATS_NOTIFY_COMMAND"));
    }

    /** The time limit of the notify command, from its start: feeding it the summary and its run both count. */
    static Duration timeout(String fromSpring) {
        String text = fromSpring != null && !fromSpring.isBlank() ? fromSpring
                : System.getProperty(TIMEOUT_PROPERTY, "PT60S");
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            LOG.warn("{} '{}' is not a duration such as PT60S: using 60 s", TIMEOUT_PROPERTY, text);
            return Duration.ofSeconds(60);
        }
    }

    static void notify(String command, Duration timeout, RunSummary summary, Path output) {
        if (command == null || command.isBlank() || !summary.needsAPerson()) {
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("THREATSTATS_SUMMARY", output.resolve(RunSummary.FILE).toString());
            Process process = builder.start();
            byte[] json = Json.write(summary).getBytes(StandardCharsets.UTF_8);
            // on a thread of its own: a command that does not read its input would otherwise block this write,
            // outside the time limit
            Thread feeder = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(json);
                } catch (IOException e) {
                    // the command closed its input, or was stopped: it has what it wanted
                }
            }, "notify-input");
            feeder.setDaemon(true);
            feeder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("the notify command did not finish within {} s: {}", timeout.toSeconds(), command);
            } else if (process.exitValue() != 0) {
                LOG.warn("the notify command exited with {}: {}", process.exitValue(), command);
            }
        } catch (Exception e) {
            LOG.warn("could not run the notify command {}: {}", command, e.toString());
        }
    }
}
