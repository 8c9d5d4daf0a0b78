package org.threatstats.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.history.OutputLock;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * A release with sign-off: nothing is in released/ before its time, after it the files are the revision's byte for
 * byte, and history and status say who assured and approved it. Each bad release is refused in one sentence and
 * changes nothing.
 */
class ReleaseTest {
    @TempDir
    Path dir;

    Path ws;
    Path output;
    Path period;

    @BeforeEach
    void publish() {
        ws = Runs.workspace(dir);
        output = ws.resolve("output");
        period = output.resolve("annual-threat-report/2025-03");
        Runs.Result run = Runs.run(ws, "annual-threat-report", "--year-ending", "2025-03");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private Runs.Result release(String... more) {
        String[] base = {"release", "annual-threat-report", "--year-ending", "2025-03", "--assured-by", "A. Analyst",
            "--approved-by", "B. Head", "--output-dir", output.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Runs.cli(all);
    }

    @Test
    void atItsTimeTheRevisionIsReleasedByteForByteAndHistoryAndStatusSaySo() throws Exception {
        LocalDateTime at = LocalDateTime.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Runs.Result signed = release("--at", at.toString());
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(signed.out()).contains("revision 1 will be released at");
        assertThat(period.resolve("released")).doesNotExist();
        Runs.Result status = Runs.cli("status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
                output.toString());
        assertThat(status.out()).contains("next release 2025-03 revision 1 at");
        assertThat(Published.columnA(Published.workbook(Published.file(period.resolve("revision-1"), ".xlsx")),
                "Cover")).contains("Not yet released.");

        while (LocalDateTime.now().isBefore(at.plusSeconds(1))) {
            Thread.sleep(200);
        }
        // the next run (nightly, or the scheduler's wake-up) carries the release out
        Runs.Result nightly = Runs.run(ws, "annual-threat-report", "--year-ending", "2025-03");
        assertThat(nightly.exitCode()).as(nightly.toString()).isZero();
        assertThat(nightly.out()).contains("annual-threat-report 2025-03: released revision 1 (assured by A. Analyst, "
                + "approved by B. Head)");
        assertThat(Files.isSymbolicLink(period.resolve("released"))).isTrue();
        assertThat(throughLink(period.resolve("released"))).isEqualTo(Published.hashes(period.resolve(
                "revision-1")));

        Runs.Result history = Runs.cli("history", "annual-threat-report", "--output-dir", output.toString());
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains("revision 1: assured by A. Analyst, approved by B. Head")
                .contains("; released ");
        Runs.Result after = Runs.cli("status", "--jobs-dir", ws.resolve("jobs").toString(), "--output-dir",
                output.toString());
        assertThat(after.out()).contains("released 2025-03 revision 1 at").doesNotContain("next release");
    }

    @Test
    void releaseDueCarriesOutTheReleasesWhoseTimeHasCome() throws Exception {
        LocalDateTime at = LocalDateTime.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        assertThat(release("--at", at.toString()).exitCode()).isZero();
        Runs.Result early = Runs.cli("release", "--due", "--jobs-dir", ws.resolve("jobs").toString(),
                "--output-dir", output.toString());
        assertThat(early.exitCode()).as(early.toString()).isZero();
        assertThat(period.resolve("released")).doesNotExist();
        while (LocalDateTime.now().isBefore(at.plusSeconds(1))) {
            Thread.sleep(200);
        }
        Runs.Result due = Runs.cli("release", "--due", "--jobs-dir", ws.resolve("jobs").toString(),
                "--output-dir", output.toString());
        assertThat(due.exitCode()).as(due.toString()).isZero();
        assertThat(due.out()).contains("annual-threat-report 2025-03: released revision 1");
        assertThat(throughLink(period.resolve("released"))).isEqualTo(Published.hashes(period.resolve("revision-1")));
    }

    @Test
    void withoutAtTheReleaseIsAtHalfPastNineTodayOrNowIfThatHasPassed() throws Exception {
        boolean morning = LocalTime.now().isBefore(LocalTime.of(9, 29));
        Runs.Result signed = release();
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        if (morning) {
            assertThat(signed.out()).contains("will be released at " + java.time.LocalDate.now() + " 09:30");
            assertThat(period.resolve("released")).doesNotExist();
        } else {
            assertThat(signed.out()).contains("released revision 1 (assured by A. Analyst, approved by B. Head)");
            assertThat(throughLink(period.resolve("released")))
                    .isEqualTo(Published.hashes(period.resolve("revision-1")));
        }
    }

    /** SHA-256 of each file reached through the released link, by name, as the public reads them. */
    private static Map<String, String> throughLink(Path link) throws Exception {
        Map<String, String> hashes = new java.util.TreeMap<>();
        try (var files = Files.list(link)) {
            for (Path f : files.toList()) {
                hashes.put(f.getFileName().toString(), Published.sha256(f));
            }
        }
        return hashes;
    }

    /** Exit code and message of a refused release, and every published file as it was. */
    private void refused(Runs.Result result, int code, String message, Map<String, String> before) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(code);
        assertThat(result.err()).contains(message);
        assertThat(result.err().lines().filter(l -> l.startsWith("threatstats:")).count()).isEqualTo(1);
        assertThat(Published.hashes(output.resolve("annual-threat-report"))).isEqualTo(before);
        assertThat(period.resolve("released")).doesNotExist();
    }

    @Test
    void aRevisionThatDoesNotExistIsRefused() {
        Map<String, String> before = Published.hashes(output.resolve("annual-threat-report"));
        refused(release("--revision", "4"), 64, "there is no revision 4 of annual-threat-report 2025-03 "
                + "(published: [1]; a rejected or failed run publishes no revision); nothing was changed", before);
    }

    @Test
    void aPeriodWhoseRunWasRejectedHasNothingToRelease() throws Exception {
        Files.writeString(ws.resolve("input/arrests.csv"), "TA-BAD,2024-01-01,17,Martian,Islamist,Charged\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(Runs.run(ws, "annual-threat-report", "--year-ending", "2024-03").exitCode()).isEqualTo(2);
        Map<String, String> before = Published.hashes(output.resolve("annual-threat-report"));
        Runs.Result result = Runs.cli("release", "annual-threat-report", "--year-ending", "2024-03", "--assured-by",
                "A. Analyst", "--approved-by", "B. Head", "--output-dir", output.toString());
        refused(result, 64, "nothing has been published for annual-threat-report 2024-03", before);
    }

    @Test
    void aSecondReleaseOfTheSameRevisionIsRefused() {
        LocalDateTime at = LocalDateTime.now().plusDays(1).truncatedTo(ChronoUnit.MINUTES);
        assertThat(release("--at", at.toString()).exitCode()).isZero();
        Map<String, String> before = Published.hashes(output.resolve("annual-threat-report"));
        refused(release("--at", at.plusHours(1).toString()), 64, "revision 1 of annual-threat-report 2025-03 was "
                + "already signed off for release at", before);
    }

    @Test
    void aReleaseTimeInThePastIsRefused() {
        Map<String, String> before = Published.hashes(output.resolve("annual-threat-report"));
        refused(release("--at", "2026-01-05T09:30"), 64, "--at 2026-01-05 09:30 is in the past", before);
        refused(release("--at", "tomorrow"), 64, "--at 'tomorrow' is not a time such as 2026-12-03T09:30", before);
    }

    @Test
    void twoReleasesAtOnceOneWinsTheOtherExitsThree() throws Exception {
        Map<String, String> before = Published.hashes(output.resolve("annual-threat-report"));
        try (OutputLock other = OutputLock.acquire(output, "release annual-threat-report 2025-03")) {
            refused(release(), 3, "cannot release now", before);
        }
        assertThat(release().exitCode()).isZero();
    }
}
