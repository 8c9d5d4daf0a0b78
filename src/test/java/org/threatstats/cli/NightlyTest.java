package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.io.Json;
import org.threatstats.support.Child;
import org.threatstats.support.Postgres;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** The nightly entry point, as an unattended schedule uses it. */
class NightlyTest {
    static final int RECORDS = 3_000_000;
    static final String REFERRALS = """
            title: Prevent referrals
            organisation: Example Unit
            period: {year-ending: September, years-shown: 2, series-years: 3}
            datasets:
              - name: referrals
                file: referrals.csv
                date-column: referred_on
                columns:
                  - {name: referral, type: text, unique: true}
                  - {name: referred_on, type: date}
                  - {name: region, type: category, values: [North, South]}
            tables:
              - {id: by-region, title: Referrals by region, dataset: referrals, by: region, measure: Referrals}
            """;

    @TempDir
    static Path shared;

    static Path bigInput;
    static String expectedFigures;

    /** Three million arrests (a run long enough to overlap with another) and the figures of one clean run. */
    @BeforeAll
    static void bigInputAndItsFigures() throws Exception {
        Path ws = workspace(shared.resolve("reference"));
        bigInput = ws.resolve("input");
        ArrestsGenerator.sampleYears(17).write(RECORDS, bigInput.resolve("arrests.csv"));
        Runs.Result result = Runs.run(ws, "--all");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        expectedFigures = Files.readString(ws.resolve("output/annual-threat-report/2025-03/revision-1/figures.csv"));
    }

    /** The shipped jobs and inputs plus a second, independent job (referrals). */
    static Path workspace(Path dir) throws Exception {
        Runs.workspace(dir);
        Files.writeString(dir.resolve("jobs/prevent-referrals.yml"), REFERRALS);
        StringBuilder csv = new StringBuilder("referral,referred_on,region\n");
        for (int i = 0; i < 300; i++) {
            csv.append("R").append(i).append(',').append(LocalDate.of(2023, 10, 1).plusDays(2L * i)).append(',')
                    .append(i % 3 == 0 ? "North" : "South").append('\n');
        }
        Files.writeString(dir.resolve("input/referrals.csv"), csv);
        return dir;
    }

    static Child runAll(Path ws, Map<String, String> environment, Path output) {
        return Child.start(ws, environment, "run", "--all", "--input-dir", bigInput.toString(), "--output-dir",
                output.toString(), "--published-on", "2026-11-27");
    }

    static RunSummary summary(Path output) throws Exception {
        return Json.read(Files.readString(output.resolve(RunSummary.FILE)), RunSummary.class);
    }

    @Test
    void twoConcurrentRunsOnOneOutputFolderPublishEachJobOnce(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        Path output = ws.resolve("output");
        Child a = runAll(ws, Map.of(), output);
        Child b = runAll(ws, Map.of(), output);
        int codeA = a.waitFor();
        int codeB = b.waitFor();
        assertThat(List.of(codeA, codeB)).as(a.output() + "\n----\n" + b.output()).containsExactlyInAnyOrder(0, 3);
        Child loser = codeA == 3 ? a : b;
        assertThat(loser.output()).contains("annual-threat-report: already running")
                .contains("prevent-referrals: already running");
        for (String job : List.of("annual-threat-report/2025-03", "prevent-referrals/2024-09")) {
            assertThat(output.resolve(job).resolve("revision-1")).isDirectory();
            assertThat(output.resolve(job).resolve("revision-2")).doesNotExist();
        }
    }

    @Test
    void aRunKilledAtNightIsRecoveredAndFinishedByTheNextOne(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        Path output = ws.resolve("output");
        Child night = runAll(ws, Map.of(), output);
        Path log = output.resolve("logs/threatstats.log");
        assertThat(night.awaitLog(log, "Executing step: [ingest]", 120_000)).as(night.output()).isTrue();
        Thread.sleep(300);
        night.killHard();
        Child morning = runAll(ws, Map.of(), output);
        assertThat(morning.waitFor()).as(morning.output()).isZero();
        RunSummary summary = summary(output);
        RunSummary.JobLine arrests = summary.jobs().stream().filter(j -> j.job().equals("annual-threat-report"))
                .findFirst().orElseThrow();
        assertThat(arrests.recovered()).isTrue();
        assertThat(arrests.message()).startsWith("recovered an interrupted run and published revision 1");
        assertThat(Files.readString(output.resolve("annual-threat-report/2025-03/revision-1/figures.csv")))
                .isEqualTo(expectedFigures);
    }

    @Test
    void unchangedInputsWriteNothingAndTheSummarySaysUpToDate(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        assertThat(Runs.run(ws, "--all").exitCode()).isZero();
        Path output = ws.resolve("output");
        var reports = Published.hashes(output.resolve("annual-threat-report"));
        var tree = Published.tree(output.resolve("annual-threat-report"));
        Runs.Result again = Runs.run(ws, "--all");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Published.tree(output.resolve("annual-threat-report"))).isEqualTo(tree);
        assertThat(Published.hashes(output.resolve("annual-threat-report"))).isEqualTo(reports);
        assertThat(summary(output).jobs()).extracting(RunSummary.JobLine::status)
                .containsExactly("UP-TO-DATE", "UP-TO-DATE");
        assertThat(again.out()).contains("annual-threat-report 2025-03: up to date")
                .contains("prevent-referrals 2024-09: up to date");
    }

    @Test
    void oneJobsRejectedInputDoesNotStopTheOthersAndTheOperatorIsTold(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        Path notified = dir.resolve("notified.json");
        System.setProperty("threatstats.notify-command", "cat > " + notified);
        try {
            assertThat(Runs.run(ws, "--all").exitCode()).isZero();
            assertThat(notified).as("no alert when nothing needs a person").doesNotExist();
            Path csv = ws.resolve("input/referrals.csv");
            Files.writeString(csv, Files.readString(csv).replace("R10,2023-10-21,South", "R10,2023-10-21,Sout"));
            Path arrests = ws.resolve("input/arrests.csv");
            Files.writeString(arrests, Files.readString(arrests) + "TA-2025-9999,2025-03-30,40,Male,Other,Pending\n");
            Runs.Result result = Runs.run(ws, "--all");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.out()).contains("annual-threat-report 2025-03: published revision 2");
            assertThat(result.err()).contains("prevent-referrals 2024-09: rejected: referrals.csv line 12, column "
                    + "region: 'Sout' is not one of: North, South");
            RunSummary told = Json.read(Files.readString(notified), RunSummary.class);
            assertThat(told.exitCode()).isEqualTo(2);
            assertThat(told.jobs()).extracting(j -> j.job() + " " + j.status())
                    .containsExactly("annual-threat-report COMPLETED", "prevent-referrals REJECTED");
        } finally {
            System.clearProperty("threatstats.notify-command");
        }
    }

    @Test
    void statusSaysWhatIsHealthyOverdueOrNeedsAPerson(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        String[] status = {"status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
            ws.resolve("output").toString()};
        assertThat(Runs.run(ws, "--all").exitCode()).isZero();
        Runs.Result healthy = Runs.cli(status);
        assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
        assertThat(healthy.out()).contains("annual-threat-report: last run").contains("COMPLETED (revision 1 of "
                + "2025-03)").contains("next due").contains("healthy");

        // the last run started two days ago: the daily 02:30 run is overdue
        Path last = RunSummary.lastRun(ws.resolve("output"), "annual-threat-report");
        RunSummary.JobLine line = Json.read(Files.readString(last), RunSummary.JobLine.class);
        Files.writeString(last, Json.write(new RunSummary.JobLine(line.job(), line.period(), line.status(),
                line.exitCode(), line.revision(), line.recordsRead(), line.recordsRejected(), line.seconds(),
                line.files(), line.message(), false, Instant.now().minusSeconds(2 * 86_400).toString())));
        Runs.Result overdue = Runs.cli(status);
        assertThat(overdue.exitCode()).isEqualTo(1);
        assertThat(overdue.out()).contains("OVERDUE: a run was due at");

        Path csv = ws.resolve("input/referrals.csv");
        Files.writeString(csv, Files.readString(csv).replace("R10,", ","));
        assertThat(Runs.run(ws, "prevent-referrals").exitCode()).isEqualTo(2);
        Runs.Result attention = Runs.cli(status);
        assertThat(attention.exitCode()).isEqualTo(1);
        assertThat(attention.out()).contains("prevent-referrals: last run").contains("REJECTED")
                .contains("needs attention");
    }

    @Test
    void theSchedulerStartsAJobOnItsCronAndSigtermLeavesItRestartable(@TempDir Path dir) throws Exception {
        Path ws = workspace(dir);
        Files.delete(ws.resolve("jobs/prevent-referrals.yml"));
        Path yml = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(yml, Files.readString(yml).replace("schedule: \"0 30 2 * * *\"",
                "schedule: \"*/2 * * * * *\""));
        Path output = ws.resolve("output");
        Child scheduler = Child.start(ws, "schedule", "--input-dir", bigInput.toString(), "--output-dir",
                output.toString());
        Path log = output.resolve("logs/threatstats.log");
        assertThat(scheduler.awaitLog(log, "Executing step: [ingest]", 120_000)).as(scheduler.output()).isTrue();
        assertThat(scheduler.output()).contains("next: annual-threat-report at");
        Thread.sleep(300);
        scheduler.terminate();
        scheduler.waitFor();
        assertThat(Files.readString(log)).contains("Attempting to gracefully stop job execution");
        assertThat(output.resolve("annual-threat-report/2025-03/revision-1")).doesNotExist();
        Runs.Result history = Runs.cli("history", "--output-dir", output.toString());
        assertThat(history.out()).contains("STOPPED");

        Runs.Result resumed = Runs.cli("run", "annual-threat-report", "--jobs-dir", ws.resolve("jobs").toString(),
                "--input-dir", bigInput.toString(), "--output-dir", output.toString(), "--published-on",
                "2026-11-27");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(Files.readString(output.resolve("annual-threat-report/2025-03/revision-1/figures.csv")))
                .isEqualTo(expectedFigures);
        assertThat(Runs.cli("history", "--output-dir", output.toString()).out()).contains("(2 attempts)");
    }

    @Test
    void twoHostsSharingOnePostgresRepositoryPublishEachJobOnce(@TempDir Path dir) throws Exception {
        try (Postgres postgres = Postgres.start()) {
            Path ws = workspace(dir);
            Path hostA = dir.resolve("host-a");
            Path hostB = dir.resolve("host-b");
            Child a = runAll(ws, postgres.environment(), hostA);
            Child b = runAll(ws, postgres.environment(), hostB);
            int codeA = a.waitFor();
            int codeB = b.waitFor();
            String both = a.output() + "\n----\n" + b.output();
            assertThat(List.of(codeA, codeB)).as(both).containsExactlyInAnyOrder(0, 3);
            Path winner = codeA == 0 ? hostA : hostB;
            Path loser = codeA == 0 ? hostB : hostA;
            assertThat(winner.resolve("annual-threat-report/2025-03/revision-1")).isDirectory();
            assertThat(loser.resolve("annual-threat-report/2025-03")).doesNotExist();
            assertThat((codeA == 3 ? a : b).output()).contains("annual-threat-report latest: already running");
            // the short job went to whichever process reached it first, and only to that one
            long referrals = Stream.of(hostA, hostB).filter(h -> Files.isDirectory(
                    h.resolve("prevent-referrals/2024-09/revision-1"))).count();
            assertThat(referrals).as(both).isEqualTo(1);
            assertThat(Files.readString(winner.resolve("annual-threat-report/2025-03/revision-1/figures.csv")))
                    .isEqualTo(expectedFigures);
            // the history is in PostgreSQL, not in either output folder
            assertThat(hostA.resolve(".repository/db")).doesNotExist();
        }
    }
}
