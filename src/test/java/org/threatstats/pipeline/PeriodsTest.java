package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Runs;

/**
 * Periods a job is not published for, or has no data for, are refused before anything is written; a run whose
 * figures all equal the latest revision's publishes none (issue "What an analyst hits", items 1 and 2).
 */
class PeriodsTest {
    @TempDir
    Path dir;

    private static Runs.Result validate(Path ws, String period) {
        return Runs.cli("validate", "annual-threat-report", "--year-ending", period, "--jobs-dir",
                ws.resolve("jobs").toString(), "--input-dir", ws.resolve("input").toString(), "--output-dir",
                ws.resolve("output").toString());
    }

    @Test
    void aMonthTheJobIsNotPublishedForIsABadCommandLine() {
        Path ws = Runs.workspace(dir);
        for (Runs.Result result : new Runs.Result[] {Runs.run(ws, "annual-threat-report", "--year-ending",
                "2025-02"), validate(ws, "2025-02")}) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
            assertThat(result.err()).contains("is published for years ending March, June, September and "
                    + "December").contains("not February");
            assertThat(result.err().lines().count()).isEqualTo(1);
        }
        assertThat(ws.resolve("output/annual-threat-report")).doesNotExist();
    }

    @Test
    void aYearWithNoRecordsIsRejectedInOneSentenceAndNothingIsWritten() throws Exception {
        Baseline b = Baseline.in(dir);
        for (String period : new String[] {"2030-03", "2014-03"}) {
            for (Runs.Result result : new Runs.Result[] {b.run("--year-ending", period),
                    validate(b.workspace(), period)}) {
                assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
                assertThat(result.err()).contains("arrests.csv has no records for the year ending March "
                        + period.substring(0, 4));
                assertThat(b.reports().resolve(period)).doesNotExist();
            }
        }
        b.assertNothingLost();
    }

    @Test
    void aDeclaredQuarterIsPublishedAsARollingYear() {
        Path ws = Runs.workspace(dir);
        Runs.Result result = Runs.run(ws, "annual-threat-report", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("published revision 1 of the year ending December 2024");
    }

    @Test
    void inputsThatChangeNoFigurePublishNoRevision() throws Exception {
        Baseline b = Baseline.in(dir);
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        // one record of the next year: the year ending March 2025 is as it was
        Files.writeString(b.input("arrests.csv"), "X-NEXT" + first.substring(first.indexOf(',')).replaceFirst(
                "^,[^,]*,", ",2025-04-02,") + "\n", StandardOpenOption.APPEND);
        Runs.Result result = b.run("--year-ending", "2025-03");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("inputs changed, no figure changed").contains("revision 1");
        assertThat(b.reports().resolve("2025-03/revision-2")).doesNotExist();
        b.assertNothingLost();
        String summary = Files.readString(b.workspace().resolve("output/run-summary.json"));
        assertThat(summary).contains("UNCHANGED").contains("inputs changed, no figure changed");
        Runs.Result history = Runs.cli("history", "--output-dir", b.workspace().resolve("output").toString());
        assertThat(history.out()).contains("UNCHANGED").contains("inputs changed, no figure changed");
        Runs.Result again = b.run("--year-ending", "2025-03");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("up to date");
        assertThat(b.reports().resolve("2025-03/revision-2")).doesNotExist();
    }
}
