package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.support.Runs;

/**
 * Readying the ingest's code while a large file is fingerprinted writes nothing anyone sees, whatever the inputs
 * hold, and stops as soon as it is told the fingerprint is done.
 */
class IngestWarmUpTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.sorted().toList();
        }
    }

    @Test
    void readsTheStartOfEachInputAndLeavesNoTrace() throws Exception {
        Path ws = Runs.workspace(dir);
        ArrestsGenerator.sampleYears(2).write(200_000, ws.resolve("input/arrests.csv"));
        Files.writeString(ws.resolve("input/state-threat-investigations.csv"), "not,the,header\n1,2,3\n\"open");
        JobDefinition definition = new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report");
        List<Path> before = files(ws);
        long tempBefore = files(Path.of(System.getProperty("java.io.tmpdir"))).stream()
                .filter(p -> p.getFileName().toString().startsWith("threatstats-warm-up")).count();

        IngestWarmUp.run(definition, ws.resolve("input"), () -> false, 0);

        assertThat(files(ws)).isEqualTo(before);
        assertThat(files(Path.of(System.getProperty("java.io.tmpdir"))).stream()
                .filter(p -> p.getFileName().toString().startsWith("threatstats-warm-up")).count())
                .as("its rejects spool is deleted").isEqualTo(tempBefore);
    }

    @Test
    void stopsWhenTheFingerprintIsDone() throws Exception {
        Path ws = Runs.workspace(dir);
        ArrestsGenerator.sampleYears(2).write(200_000, ws.resolve("input/arrests.csv"));
        JobDefinition definition = new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report");
        AtomicInteger asked = new AtomicInteger();
        IngestWarmUp.run(definition, ws.resolve("input"), () -> asked.incrementAndGet() < 0, 0);
        assertThat(asked.get()).as("untold, it asks before every block of its 8 MB").isGreaterThan(100);
        asked.set(0);
        IngestWarmUp.run(definition, ws.resolve("input"), () -> asked.incrementAndGet() > 3, 0);
        assertThat(asked.get()).as("told after three blocks, it stops").isLessThanOrEqualTo(5);
        asked.set(0);
        IngestWarmUp.run(definition, ws.resolve("input"), () -> asked.incrementAndGet() < 0);
        assertThat(asked.get()).as("inputs under 64 MB are not read at all: asked once per dataset")
                .isEqualTo(definition.datasets().size());
    }
}
