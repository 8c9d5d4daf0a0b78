package org.threatstats.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The real program in a JVM of its own, to be killed with {@code kill -9} like a power cut. */
public final class Child {
    private final Process process;
    private final Path log;

    private Child(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Child start(Path workdir, String... args) {
        return start(workdir, Map.of(), args);
    }

    /** The program with extra environment variables (e.g. a PostgreSQL job repository). */
    public static Child start(Path workdir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.threatstats.ThreatstatsApplication");
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(workdir, "child-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new Child(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (polling every millisecond) until the condition holds; false if the process ended first. */
    public boolean awaitWhileAlive(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("timed out waiting; child output:\n" + output());
    }

    /** Waits until the program's log file holds {@code text}; false if the process ended first. */
    public boolean awaitLog(Path logFile, String text, long timeoutMillis) throws InterruptedException {
        return awaitWhileAlive(() -> logContains(logFile, text), timeoutMillis);
    }

    /** Whether a file (perhaps still being written, perhaps not there yet) holds {@code text}. */
    public static boolean logContains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: what a service manager sends to stop a program. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int waitFor() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child did not finish; output:\n" + output());
        }
        return process.exitValue();
    }
}
