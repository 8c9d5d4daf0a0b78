package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Child;
import org.threatstats.support.Counting;
import org.threatstats.support.Runs;

/**
 * The nightly job never stops or hangs silently, and its messages stay bounded and say what happened (issue
 * "wrong figures must be impossible", items 7 and 8).
 */
class NightlyFaultsTest {
    @TempDir
    Path dir;

    @Test
    void theSchedulerKeepsRunningWhenItsOnlyJobFileBecomesInvalidAndSaysSo() throws Exception {
        Path ws = Runs.workspace(dir.resolve("ws"));
        Path yml = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(yml, Files.readString(yml).replace("schedule: \"0 30 2 * * *\"",
                "schedule: \"*/2 * * * * *\""));
        Child scheduler = Child.start(ws, Map.of("JAVA_TOOL_OPTIONS", "-Dthreatstats.schedule-recheck=PT1S"),
                "schedule");
        Path summary = ws.resolve("output/run-summary.json");
        assertThat(scheduler.awaitWhileAlive(() -> Files.exists(summary), 120_000)).as(scheduler.output()).isTrue();
        Files.writeString(yml, Files.readString(yml).replace("title:", "title: [unclosed"));
        assertThat(scheduler.awaitWhileAlive(() -> scheduler.output().contains("bad job definition"), 60_000))
                .as("still running, and saying why: " + scheduler.output()).isTrue();
        Thread.sleep(3000);
        assertThat(scheduler.isAlive()).as(scheduler.output()).isTrue();
        Runs.Result status = Runs.cli("status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
                ws.resolve("output").toString());
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("annual-threat-report: needs attention: bad job definition");
        scheduler.terminate();
        scheduler.waitFor();
    }

    @Test
    void aSlowNotifyCommandDoesNotHoldTheRunPastItsTimeLimit() throws Exception {
        Baseline b = Baseline.in(dir);
        Files.writeString(b.input("arrests.csv"), "arrest_id,arrest_date,age,sex,ideology,outcome\nX,bad\n");
        long started = System.nanoTime();
        Child run = Child.start(b.workspace(), Map.of("THREATSTATS_NOTIFY_COMMAND", "sleep 600",
                "JAVA_TOOL_OPTIONS", "-Dthreatstats.notify-timeout=PT2S"), "run", "annual-threat-report");
        assertThat(run.waitFor()).as(run.output()).isEqualTo(2);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds).as("the run ends soon after the notify command's time limit").isLessThan(30);
        assertThat(Files.readString(b.workspace().resolve("output/logs/threatstats.log")))
                .contains("the notify command did not finish within 2 s");
    }

    @Test
    void aHugeFieldGivesAShortMessageWhileRejectsCsvKeepsItWhole() throws Exception {
        Baseline b = Baseline.in(dir);
        String huge = "M" + "x".repeat(5 << 20);
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        String sex = first.split(",")[3];
        Files.writeString(b.input("arrests.csv"), "X-1" + first.substring(first.indexOf(','))
                .replace("," + sex + ",", "," + huge + ",") + "\n", java.nio.file.StandardOpenOption.APPEND);
        Runs.Result result = b.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().length()).as("stderr").isLessThan(4000);
        assertThat(result.err()).contains("column sex: 'Mxxxx").contains("characters");
        List<Map<String, String>> rejects = Counting.records(b.rejects());
        assertThat(rejects.get(0).get("value")).isEqualTo(huge);
        assertThat(rejects.get(0).get("message").length()).isLessThan(2000);
        b.assertNothingLost();
    }

    @Test
    void historyKeepsTheReasonOfAFailedRun() throws Exception {
        Baseline b = Baseline.in(dir);
        Files.writeString(b.input("arrests.csv"), Files.readString(b.input("arrests.csv"))
                + "X-NEW,2025-03-30,30,Male,Islamist,Charged\n");
        // the new revision cannot be put in place: a file is where its folder must go
        Files.writeString(b.reports().resolve("2025-03/revision-2"), "in the way");
        Runs.Result failed = b.run();
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        String why = failed.err().lines().filter(l -> l.contains("failed (run")).findFirst().orElseThrow();
        String reason = why.substring(why.indexOf("): ") + 3, why.indexOf("): ") + 30);
        Runs.Result history = Runs.cli("history", "annual-threat-report", "--output-dir",
                b.workspace().resolve("output").toString());
        String line = history.out().lines().filter(l -> l.contains("FAILED")).findFirst().orElseThrow();
        assertThat(line).contains("why: failed (run").doesNotContain("): .").contains(reason);
    }

    @Test
    void aCorruptManifestIsNamedInTheMessage() throws Exception {
        Baseline b = Baseline.in(dir);
        Path manifest = b.reports().resolve("2025-03/revision-1/manifest.json");
        Files.writeString(manifest, "{\"job\": \"annual-threat-report\", \"revision\": ");
        Files.writeString(b.input("arrests.csv"), Files.readString(b.input("arrests.csv"))
                + "X-NEW,2025-03-30,30,Male,Islamist,Charged\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains(manifest.toString());
    }

    @Test
    void aCorruptFiguresFileIsNamedByDiff() throws Exception {
        Baseline b = Baseline.in(dir);
        Path figures = b.reports().resolve("2025-03/revision-1/figures.csv");
        Files.writeString(figures, "table,row\n\"unclosed");
        Runs.Result result = Runs.cli("diff", "annual-threat-report", "--year-ending", "2025-03", "--from", "1",
                "--to", "1", "--output-dir", b.workspace().resolve("output").toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains(figures.toString());
    }

    @Test
    void aYearEndingOutsideAnyReportableYearIsABadCommandLine() {
        Path ws = Runs.workspace(dir);
        for (String period : List.of("-2025-03", "+12025-03", "0999-03")) {
            Runs.Result result = Runs.run(ws, "annual-threat-report", "--year-ending", period);
            assertThat(result.exitCode()).as(period + ": " + result).isEqualTo(64);
            assertThat(result.err()).contains("--year-ending");
            assertThat(ws.resolve("output/annual-threat-report")).doesNotExist();
        }
    }
}
