package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Runs;

/**
 * Every command form the README shows, run as a user types it (in this JVM, on the sample): the forms that once
 * shipped broken because only a sibling form was tested ({@code history <job>}, {@code --verbose} outside
 * {@code run}) among them. The scheduler, which keeps running, is tested in its own process (NightlyTest).
 */
class CommandFormsTest {
    @TempDir
    static Path dir;
    static Path ws;

    private static String[] folders(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--jobs-dir";
        all[args.length + 1] = ws.resolve("jobs").toString();
        all[args.length + 2] = "--input-dir";
        all[args.length + 3] = ws.resolve("input").toString();
        all[args.length + 4] = "--output-dir";
        all[args.length + 5] = ws.resolve("output").toString();
        return all;
    }

    private static String output() {
        return ws.resolve("output").toString();
    }

    @BeforeAll
    static void publishTwoRevisions() throws Exception {
        ws = Runs.workspace(dir.resolve("ws"));
        Runs.Result first = Runs.run(ws, "annual-threat-report");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        // a correction: one more arrest in the year ending March 2025
        Files.writeString(ws.resolve("input/arrests.csv"), "TA-2025-9999,2025-03-30,30,Male,Islamist,Charged\n",
                StandardOpenOption.APPEND);
        Runs.Result second = Runs.run(ws, "annual-threat-report", "--year-ending", "2025-03", "--published-on",
                "2026-11-28");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("published revision 2");
    }

    @Test
    void runAllRunsEveryJobOfTheFolder() {
        Runs.Result all = Runs.cli(folders("run", "--all", "--published-on", "2026-11-28"));
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("annual-threat-report 2025-03: up to date");
    }

    @Test
    void runWithForcePublishesAgain(@TempDir Path other) {
        Path copy = Runs.workspace(other);
        assertThat(Runs.run(copy, "annual-threat-report").exitCode()).isZero();
        Runs.Result forced = Runs.run(copy, "annual-threat-report", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("published revision 2");
    }

    @Test
    void validateChecksWithoutPublishing() {
        Runs.Result valid = Runs.cli(folders("validate", "annual-threat-report"));
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).contains("the inputs are valid");
        assertThat(ws.resolve("output/annual-threat-report/2025-03/revision-3")).doesNotExist();
    }

    @Test
    void historyOfAllJobsAndOfOneJob() {
        Runs.Result all = Runs.cli("history", "--output-dir", output());
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("annual-threat-report").contains("revision 2");
        Runs.Result one = Runs.cli("history", "annual-threat-report", "--output-dir", output());
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out().lines().filter(l -> l.startsWith("run ")).count()).isGreaterThanOrEqualTo(2);
        assertThat(one.out()).contains("revision 1").contains("revision 2");
        Runs.Result none = Runs.cli("history", "prevent-referrals", "--output-dir", output());
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).contains("no runs recorded");
    }

    @Test
    void diffOfTheLatestTwoRevisionsAndOfNamedOnes() {
        Runs.Result latest = Runs.cli("diff", "annual-threat-report", "--year-ending", "2025-03", "--output-dir",
                output());
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.out()).contains("Table 1").contains("232 -> 233")
                .contains("changed between revision 1 and revision 2");
        Runs.Result named = Runs.cli("diff", "annual-threat-report", "--year-ending", "2025-03", "--from", "1",
                "--to", "2", "--output-dir", output());
        assertThat(named.out()).isEqualTo(latest.out());
    }

    @Test
    void generateWritesTheSameRecordsForTheSameSeed(@TempDir Path out) throws Exception {
        Runs.Result one = Runs.cli("generate", "--records", "500", "--out", out.resolve("a.csv").toString(),
                "--seed", "3");
        Runs.Result two = Runs.cli("generate", "--records", "500", "--out", out.resolve("b.csv").toString(),
                "--seed", "3");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("wrote 500 records");
        assertThat(Files.readAllLines(out.resolve("a.csv"))).hasSize(501)
                .isEqualTo(Files.readAllLines(out.resolve("b.csv")));
        assertThat(two.exitCode()).isZero();
    }

    @Test
    void statusWithTheDefaultAndAGivenGrace() {
        Runs.Result status = Runs.cli("status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
                output());
        assertThat(status.out()).contains("annual-threat-report: last run");
        Runs.Result graced = Runs.cli("status", "--grace", "PT2H", "--jobs-dir", ws.resolve("jobs").toString(),
                "--output-dir", output());
        assertThat(graced.out()).contains("annual-threat-report: last run");
    }

    @Test
    void helpAndVersion() {
        assertThat(Runs.cli("--help").out()).contains("run").contains("schedule");
        assertThat(Runs.cli("--version").out()).startsWith("threatstats");
        assertThat(Runs.cli("history", "--help").out()).contains("--output-dir");
    }

    /**
     * A file where the output folder should be, a revision whose figures cannot be read: each command fails in one
     * sentence, and with {@code --verbose} prints the stack trace too.
     */
    @Test
    void verbosePrintsTheStackTraceOfAFailureInEveryCommand(@TempDir Path broken) throws Exception {
        Path notAFolder = broken.resolve("output");
        Files.writeString(notAFolder, "not a folder");
        Path revision = broken.resolve("damaged/annual-threat-report/2025-03/revision-1");
        Files.createDirectories(revision.resolve("figures.csv"));
        Files.writeString(revision.resolve("manifest.json"), "{}");
        String[][] commands = {
            {"history", "--output-dir", notAFolder.toString()},
            {"history", "annual-threat-report", "--output-dir", notAFolder.toString()},
            {"validate", "annual-threat-report", "--jobs-dir", ws.resolve("jobs").toString(), "--input-dir",
                ws.resolve("input").toString(), "--output-dir", notAFolder.toString()},
            {"diff", "annual-threat-report", "--year-ending", "2025-03", "--from", "1", "--to", "1",
                "--output-dir", broken.resolve("damaged").toString()},
            {"generate", "--records", "5", "--out", "/proc/threatstats-cannot-write-here.csv"},
        };
        for (String[] command : commands) {
            Runs.Result quiet = Runs.cli(command);
            assertThat(quiet.exitCode()).as(quiet.toString()).isNotZero();
            assertThat(quiet.err()).as(String.join(" ", command)).startsWith("threatstats: ").doesNotContain("\tat ");
            String[] verbose = new String[command.length + 1];
            System.arraycopy(command, 0, verbose, 0, command.length);
            verbose[command.length] = "--verbose";
            Runs.Result loud = Runs.cli(verbose);
            assertThat(loud.exitCode()).isEqualTo(quiet.exitCode());
            assertThat(loud.err()).as(String.join(" ", verbose)).contains("\tat ");
        }
    }
}
