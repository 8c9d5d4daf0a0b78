package org.threatstats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler directives nightly runs add as they start: the shipped file parses, the JVM holds its directives in
 * order, and nothing of it reaches the console.
 */
class CompilerDirectivesTest {
    private static final Path SHIPPED = Path.of("src/main/jvm/compiler-directives.json");

    /** A JVM of its own, opened to the JDK's diagnostic commands as the jar's manifest opens it; its output. */
    private static String java(String directives, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-D" + CompilerDirectives.PROPERTY + "=" + directives, "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("compiler-directives-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The JVM's directives, in order: what each matches, and whether C2 is excluded from it. */
    private static List<String> c2Exclusions(String list) {
        List<String> directives = new ArrayList<>();
        String matching = null;
        boolean c2 = false;
        for (String line : list.split("\n")) {
            String l = line.strip();
            if (l.startsWith("matching: ")) {
                matching = l.substring("matching: ".length());
                c2 = false;
            } else if (l.equals("c2 directives:")) {
                c2 = true;
            } else if (c2 && l.startsWith("Enable:")) {
                directives.add(matching + " -> " + (l.contains(" Exclude:true ") ? "C1 only" : "C2"));
                c2 = false;
            }
        }
        return directives;
    }

    @Test
    void theShippedDirectivesKeepC2ForTheIngestOnly() throws Exception {
        String output = java(SHIPPED.toString(), CompilerDirectivesProbe.class.getName());

        assertThat(output).contains("answer: 3 compiler directives added");
        assertThat(c2Exclusions(output)).containsExactly(
                "org/threatstats/aggregate/Cube.* -> C1 only",
                "sun/security/provider/*.*, net/openhft/hashing/*.*, org/threatstats/aggregate/*.*, "
                        + "org/threatstats/validation/*.*, org/threatstats/ingest/*.* -> C2",
                "*.* -> C1 only",
                "*.* -> C2"); // the JVM's own default, always last
    }

    @Test
    void aPathWithSpacesIsTakenWhole(@TempDir Path dir) throws Exception {
        Path spaced = Files.copy(SHIPPED, Files.createDirectories(dir.resolve("Program Files"))
                .resolve("compiler directives.json"));

        assertThat(java(spaced.toString(), CompilerDirectivesProbe.class.getName()))
                .contains("answer: 3 compiler directives added");
    }

    @Test
    void theProgramSaysNothingOfThem() throws Exception {
        String output = java(SHIPPED.toString(), ThreatstatsApplication.class.getName(), "--version");

        assertThat(output).isEqualTo("threatstats 0.1" + System.lineSeparator());
    }

    @Test
    void aBrokenFileIsRefusedQuietly(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{ match: \"*.*\", c2: { Exclude: maybe } }]");

        String probe = java(broken.toString(), CompilerDirectivesProbe.class.getName());
        assertThat(probe).contains("Parsing of compiler directives failed");
        assertThat(c2Exclusions(probe)).containsExactly("*.* -> C2"); // the JVM's default alone
        assertThat(java(broken.toString(), ThreatstatsApplication.class.getName(), "--version"))
                .isEqualTo("threatstats 0.1" + System.lineSeparator());
        assertThat(java(dir.resolve("missing.json").toString(), ThreatstatsApplication.class.getName(),
                "--version")).isEqualTo("threatstats 0.1" + System.lineSeparator());
    }

    @Test
    void aJvmClosedToTheCommandsRunsWithout() throws IOException {
        // this test's own JVM was not opened to them: no answer and no exception
        String before = System.setProperty(CompilerDirectives.PROPERTY, SHIPPED.toString());
        try {
            assertThat(CompilerDirectives.addFromProperty()).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(CompilerDirectives.PROPERTY);
            } else {
                System.setProperty(CompilerDirectives.PROPERTY, before);
            }
        }
    }
}
