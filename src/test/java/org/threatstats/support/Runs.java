package org.threatstats.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.threatstats.cli.Cli;

/** Runs the real command line in this JVM, in folders of a test's own. */
public final class Runs {
    private Runs() {
    }

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The repository's own folder (where pom.xml is). */
    public static Path project() {
        return Path.of("").toAbsolutePath();
    }

    /** A workspace with copies of the shipped jobs and inputs: {@code jobs/}, {@code input/}, {@code output/}. */
    public static Path workspace(Path dir) {
        copyTree(project().resolve("jobs"), dir.resolve("jobs"));
        copyTree(project().resolve("input"), dir.resolve("input"));
        return dir;
    }

    /** Runs {@code run <job>} in a workspace made by {@link #workspace}. */
    public static Result run(Path workspace, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--jobs-dir", workspace.resolve("jobs").toString(),
                "--input-dir", workspace.resolve("input").toString(), "--output-dir",
                workspace.resolve("output").toString()));
        if (!List.of(more).contains("--published-on")) {
            args.addAll(List.of("--published-on", "2026-11-27"));
        }
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
