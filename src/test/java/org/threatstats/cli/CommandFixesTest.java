package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.io.Json;
import org.threatstats.support.Baseline;
import org.threatstats.support.Child;
import org.threatstats.support.Counting;
import org.threatstats.support.Runs;

/** The defects of the commands a first week of use found (issue "What an analyst hits", item 3). */
class CommandFixesTest {
    @TempDir
    Path dir;

    @Test
    void validateWritesItsLogToTheLogFileAndOnlyItsVerdictToTheConsole() {
        Path ws = Runs.workspace(dir);
        Runs.Result result = Runs.cli("validate", "annual-threat-report", "--jobs-dir", ws.resolve("jobs").toString(),
                "--input-dir", ws.resolve("input").toString(), "--output-dir", ws.resolve("output").toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList()).hasSize(1);
        assertThat(result.out()).doesNotContain("INFO");
        assertThat(Child.logContains(ws.resolve("output/logs/threatstats.log"), "Executing step: [verdict]")).isTrue();
    }

    @Test
    void statusDuringARunSaysItRuns() throws Exception {
        Path ws = Runs.workspace(dir.resolve("ws"));
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Path big = dir.resolve("big");
        Files.createDirectories(big);
        ArrestsGenerator.sampleYears(3).write(3_000_000, big.resolve("arrests.csv"));
        // one partition at a time: a run long enough to be asked about
        Child run = Child.start(ws, Map.of("JAVA_TOOL_OPTIONS", "-Dthreatstats.partitions=1"), "run",
                "annual-threat-report", "--input-dir", big.toString(), "--published-on", "2026-11-28");
        Path log = ws.resolve("output/logs/threatstats.log");
        // the first run's log says it too: wait for the second run's ingest
        assertThat(run.awaitWhileAlive(() -> count(log, "Executing step: [ingest]") == 2, 120_000))
                .as(run.output()).isTrue();
        Runs.Result status = Runs.cli("status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
                ws.resolve("output").toString());
        assertThat(run.waitFor()).as(run.output()).isZero();
        assertThat(status.out()).contains("annual-threat-report: running").doesNotContain("never run")
                .doesNotContain("last run");
    }

    private static long count(Path log, String text) {
        try {
            return Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length - 1;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void historyReadsWhileTheSchedulerHoldsTheFolderAndItsDatabase() throws Exception {
        Path ws = Runs.workspace(dir.resolve("ws"));
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Child scheduler = Child.start(ws, "schedule");
        try {
            assertThat(scheduler.awaitWhileAlive(() -> scheduler.output().contains("next: annual-threat-report"),
                    60_000)).as(scheduler.output()).isTrue();
            Runs.Result history = Runs.cli("history", "annual-threat-report", "--output-dir",
                    ws.resolve("output").toString());
            assertThat(history.exitCode()).as(history.toString()).isZero();
            assertThat(history.out()).contains("schedule").contains("read from a copy")
                    .contains("COMPLETED").contains("revision 1");
            assertThat(scheduler.isAlive()).isTrue();
        } finally {
            scheduler.terminate();
            scheduler.waitFor();
        }
    }

    @Test
    void aBrokenJobFileIsInTheSummaryOfRunAll() throws Exception {
        Path ws = Runs.workspace(dir);
        Files.writeString(ws.resolve("jobs/broken.yml"), "title: [unclosed\n");
        Runs.Result result = Runs.run(ws, "--all");
        assertThat(result.exitCode()).isEqualTo(64);
        RunSummary summary = Json.read(Files.readString(ws.resolve("output/run-summary.json")), RunSummary.class);
        assertThat(summary.jobs()).extracting(RunSummary.JobLine::job).contains("broken", "annual-threat-report");
        assertThat(summary.jobs().stream().filter(j -> j.job().equals("broken")).findFirst().orElseThrow().status())
                .isEqualTo("BAD-DEFINITION");
    }

    @Test
    void aJobFileThatIsAPipeOrADeviceIsRefusedAndTheOtherJobsStillPublish() throws Exception {
        Path ws = Runs.workspace(dir);
        Path fifo = ws.resolve("jobs/piped.yml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(ws.resolve("jobs/endless.yml"), Path.of("/dev/zero"));
        long start = System.nanoTime();
        Runs.Result result = Runs.run(ws, "--all");
        assertThat(System.nanoTime() - start).as("a pipe must not block the run").isLessThan(120_000_000_000L);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
        assertThat(result.err()).contains("piped.yml is not a regular file").contains("endless.yml is not a regular file");
        RunSummary summary = Json.read(Files.readString(ws.resolve("output/run-summary.json")), RunSummary.class);
        assertThat(summary.jobs()).filteredOn(j -> j.job().equals("piped") || j.job().equals("endless"))
                .extracting(RunSummary.JobLine::status).containsExactly("BAD-DEFINITION", "BAD-DEFINITION");
        assertThat(summary.jobs()).filteredOn(j -> j.job().equals("annual-threat-report"))
                .extracting(RunSummary.JobLine::status).containsExactly("COMPLETED");
    }

    @Test
    void generateRefusesNonsenseInOneSentence() {
        String out = dir.resolve("x.csv").toString();
        Runs.Result negative = Runs.cli("generate", "--records", "-5", "--out", out);
        assertThat(negative.exitCode()).isEqualTo(64);
        assertThat(negative.err()).contains("--records").doesNotContain("wrote");
        Runs.Result backwards = Runs.cli("generate", "--records", "5", "--out", out, "--from", "2025-01-01", "--to",
                "2024-01-01");
        assertThat(backwards.exitCode()).isEqualTo(64);
        assertThat(backwards.err()).contains("--from").contains("--to").doesNotContain("-365");
    }

    @Test
    void statusTakesTheGraceInHoursMinutesOrIso() {
        Path ws = Runs.workspace(dir);
        for (String grace : List.of("1h", "90m", "PT1H")) {
            Runs.Result status = Runs.cli("status", "--grace", grace, "--jobs-dir", ws.resolve("jobs").toString(),
                    "--output-dir", ws.resolve("output").toString());
            assertThat(status.exitCode()).as(grace + ": " + status).isZero();
            assertThat(status.out()).contains("annual-threat-report");
        }
        Runs.Result bad = Runs.cli("status", "--grace", "soon", "--jobs-dir", ws.resolve("jobs").toString());
        assertThat(bad.exitCode()).isEqualTo(64);
        assertThat(bad.err()).contains("--grace").doesNotContain("java.");
    }

    @Test
    void diffOfAPeriodWithOneRevisionSaysThereIsNothingToCompare() {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Runs.Result diff = Runs.cli("diff", "annual-threat-report", "--year-ending", "2025-03", "--output-dir",
                ws.resolve("output").toString());
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out() + diff.err()).contains("only revision 1").doesNotContain("revision 0");
    }

    @Test
    void runIdsStartAtOneAndTheConsoleNamesEachDatasetsCount() {
        Path ws = Runs.workspace(dir);
        Runs.Result run = Runs.run(ws, "annual-threat-report");
        assertThat(run.out()).contains("(run 1)").doesNotContain("(run 0)");
        assertThat(run.out()).contains("arrests.csv 2,823 records").contains("state-threat-investigations.csv 10");
    }

    @Test
    void theRejectionSummaryCountsWhatRejectsCsvHolds() throws Exception {
        Baseline b = Baseline.in(dir);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(b.input("arrests.csv")));
        for (int i : new int[] {10, 20, 30, 40}) {
            lines.set(i, lines.get(i).replaceFirst("^([^,]*,[^,]*,)[0-9]*,", "$1abc,"));
        }
        Files.write(b.input("arrests.csv"), lines);
        Runs.Result result = b.run();
        assertThat(result.exitCode()).isEqualTo(2);
        List<Map<String, String>> rejects = Counting.records(b.rejects());
        assertThat(rejects).hasSize(4);
        assertThat(result.err()).doesNotContain("and 3 more");
        long listed = result.err().lines().filter(l -> l.contains("is not a whole number")).count();
        assertThat(listed).isEqualTo(4);
        assertThat(result.err()).contains("all 4 listed in");
    }

    @Test
    void theSchedulerStoppedBySigtermExitsZero() throws Exception {
        Path ws = Runs.workspace(dir);
        Path yml = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(yml, Files.readString(yml).replace("schedule: \"0 30 2 * * *\"",
                "schedule: \"0 0 3 1 1 *\""), StandardOpenOption.TRUNCATE_EXISTING);
        Child scheduler = Child.start(ws, "schedule");
        assertThat(scheduler.awaitWhileAlive(() -> scheduler.output().contains("next: annual-threat-report"),
                60_000)).as(scheduler.output()).isTrue();
        scheduler.terminate();
        assertThat(scheduler.waitFor()).as(scheduler.output()).isZero();
        assertThat(scheduler.output()).contains("schedule: stopped");
    }
}
