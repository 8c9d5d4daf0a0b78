package org.threatstats.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distribution as an operator uses it: {@code target/threatstats/} (made by {@code mvn package}) copied
 * elsewhere and started through {@code bin/threatstats} from a third folder, on the build's JDK and on Java 25.
 * Whatever the start-up archive's fate (it fits only the folder, files and JVM it was made with), a run works and
 * the JVM says nothing about it unless {@code --verbose} is given.
 */
class DistributionIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path DISTRIBUTION = Path.of(System.getProperty("threatstats.distribution",
            "target/threatstats")).toAbsolutePath();
    /** The JDK running the tests: the one Maven runs, which made the start-up archive. */
    private static final Path BUILD_JDK = Path.of(System.getProperty("java.home"));
    private static final String JOB = "annual-threat-report";

    @TempDir
    Path temp;

    @BeforeAll
    static void distributionBuilt() {
        assertThat(DISTRIBUTION.resolve("bin/threatstats")).as("the distribution (mvn package makes it)")
                .isExecutable();
        assertThat(DISTRIBUTION.resolve("lib/threatstats.jar")).isRegularFile();
        assertThat(DISTRIBUTION.resolve("lib/threatstats.jsa")).as("the start-up archive of the training run")
                .isRegularFile();
    }

    @ParameterizedTest(name = "copy keeping times: {0}, Java 25: {1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void aCopiedDistributionPublishesFromAnotherFolderAndSaysNothingOfTheArchive(boolean keepTimes, boolean java25)
            throws Exception {
        Path copy = copyDistribution(keepTimes);
        Path work = workingFolder();
        // Java 25 as JAVA_HOME; the build's JDK (17) as the default java, found on PATH with JAVA_HOME unset
        Path javaHome = java25 ? java25() : null;

        Result r = launch(copy.resolve("bin/threatstats"), work, javaHome, "run", JOB, "--published-on",
                "2026-11-27");

        r.assertQuiet();
        assertThat(r.exit).as(r.toString()).isZero();
        Path latest = work.resolve("output").resolve(JOB).resolve("2025-03").resolve("latest");
        assertThat(latest).as("published into the working folder's output/").isDirectory();
        try (Stream<Path> files = Files.list(latest)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains("annual-threat-report-year-ending-march-2025.xlsx",
                            "annual-threat-report-year-ending-march-2025.pdf",
                            "annual-threat-report-year-ending-march-2025.ods",
                            "annual-threat-report-year-ending-march-2025.html");
        }
        assertThat(r.stdout).contains(latest.getParent().resolve("revision-1").toString());
        assertThat(copy.resolve("output")).as("nothing written in the distribution's folder").doesNotExist();
    }

    @Test
    void verboseLetsTheJvmSayTheArchiveDoesNotFit() throws Exception {
        // a copy with new times: the jars are not the ones the archive was made from, on any JDK
        Path copy = copyDistribution(false);
        Path work = workingFolder();

        Result r = launch(copy.resolve("bin/threatstats"), work, BUILD_JDK, "run", JOB, "--published-on",
                "2026-11-27", "--verbose");

        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("Unable to use shared archive");
    }

    @Test
    void versionThroughASymbolicLinkFromAnotherFolder() throws Exception {
        Path copy = copyDistribution(false);
        Path links = Files.createDirectories(temp.resolve("links/deeper"));
        // a relative link to a link, as a package manager or an operator's ~/bin might make them
        Files.createSymbolicLink(links.getParent().resolve("threatstats"),
                links.getParent().relativize(copy.resolve("bin/threatstats")));
        Files.createSymbolicLink(links.resolve("threatstats"), Path.of("../threatstats"));

        Result r = launch(links.resolve("threatstats"), workingFolder(), BUILD_JDK, "--version");

        r.assertQuiet();
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.stdout).startsWith("threatstats ");
    }

    @Test
    void inPlaceTheJvmMapsTheStartUpArchive() throws Exception {
        // the training run and the launcher name the class path alike, or the archive never fits (silently)
        Map<String, String> env = Map.of("JAVA_OPTS", "-Xlog:class+load=info");

        Result r = launch(DISTRIBUTION.resolve("bin/threatstats"), workingFolder(), BUILD_JDK, env, "--version");

        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.stdout).as("classes of the tool loaded from the start-up archive")
                .contains("org.threatstats.cli.Cli source: shared objects file (top)");
    }

    @Test
    void theArchiveRemadeAsTheReadmeSaysFitsTheCopy() throws Exception {
        // a copy with new times: the build's archive does not fit it; the README's way to make one that does
        Path copy = copyDistribution(false);
        Path archive = copy.resolve("lib/threatstats.jsa");
        Files.delete(archive);
        Path work = workingFolder();
        Map<String, String> training = Map.of("JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive
                + " -Dthreatstats.notify-command=");

        Result made = launch(copy.resolve("bin/threatstats"), work, BUILD_JDK, training, "run", "--all",
                "--output-dir", temp.resolve("threatstats-training").toString(), "--published-on", "2000-01-01");

        assertThat(made.exit).as(made.toString()).isZero();
        assertThat(archive).as("the archive the training run wrote").isRegularFile();
        // -Xshare:on: the JVM refuses to start unless it maps the archive
        Result r = launch(copy.resolve("bin/threatstats"), work, BUILD_JDK,
                Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"), "--version");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.stdout).as("classes of the tool loaded from the remade archive")
                .contains("org.threatstats.cli.Cli source: shared objects file (top)");
    }

    /** target/threatstats/ copied into a new folder as {@code cp -R} or {@code cp -Rp} would copy it. */
    private Path copyDistribution(boolean keepTimes) throws Exception {
        Path copy = temp.resolve(keepTimes ? "copy keeping times" : "copy");
        run(List.of("cp", keepTimes ? "-Rp" : "-R", DISTRIBUTION.toString(), copy.toString()));
        return copy;
    }

    /** A third folder holding copies of the project's jobs/ and input/. */
    private Path workingFolder() throws Exception {
        Path work = Files.createTempDirectory(temp, "work");
        run(List.of("cp", "-R", PROJECT.resolve("jobs").toString(), PROJECT.resolve("input").toString(),
                work.toString()));
        return work;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            fail(command + " failed");
        }
    }

    /**
     * A Java 25 installation: -Dthreatstats.java25=DIR, or the one under /usr/lib/jvm whose {@code release} file
     * says so. None is a failure, not a skip: the distribution must be shown to work on another JDK.
     */
    static Path java25() throws IOException {
        String given = System.getProperty("threatstats.java25");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                for (Path home : homes.sorted().toList()) {
                    Path release = home.resolve("release");
                    if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)
                            && Files.readAllLines(release).stream().anyMatch(l -> l.startsWith("JAVA_VERSION=\"25"))) {
                        return home;
                    }
                }
            }
        }
        return fail("no Java 25 found: none of /usr/lib/jvm/*/release says JAVA_VERSION=\"25...\". Install one "
                + "(CI machines have /usr/lib/jvm/temurin-25-jdk-amd64) or name it with -Dthreatstats.java25=DIR");
    }

    private Result launch(Path launcher, Path workdir, Path javaHome, String... args) throws Exception {
        return launch(launcher, workdir, javaHome, Map.of(), args);
    }

    /**
     * The launcher started as a shell would start it, in {@code workdir}, with the given JDK as JAVA_HOME (null: no
     * JAVA_HOME, the build's JDK first on PATH) and none of
     * the settings this machine might have for the tool or the JVM (JAVA_OPTS and the JVM's own variables, which
     * make it print "Picked up ..."; a PostgreSQL repository or a notify command).
     */
    private Result launch(Path launcher, Path workdir, Path javaHome, Map<String, String> extraEnv, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.equals("JAVA_OPTS") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.startsWith("SPRING_")
                || k.startsWith("THREATSTATS_"));
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        } else {
            env.remove("JAVA_HOME");
            env.put("PATH", BUILD_JDK.resolve("bin") + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        }
        env.putAll(new HashMap<>(extraEnv));
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command + " did not finish in 5 minutes");
        }
        return new Result(command, javaHome, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    record Result(List<String> command, Path javaHome, int exit, String stdout, String stderr) {
        /** No JVM warning anywhere: stderr empty, nothing on stdout that says "warning" (in any case). */
        void assertQuiet() {
            assertThat(stderr).as("stderr of " + this).isEmpty();
            assertThat(stdout.toLowerCase(Locale.ROOT)).as("stdout of " + this).doesNotContain("warning");
        }

        @Override
        public String toString() {
            return command + (javaHome == null ? " with java on PATH" : " with JAVA_HOME=" + javaHome) + ": exit "
                    + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }
}
