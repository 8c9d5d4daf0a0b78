package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * Inputs that used to publish a wrong figure with exit 0 (issue "wrong figures must be impossible"): keys that
 * differ only by spaces or invisible characters, sums that wrap, stray dates, empty files and a lost history. Each
 * is refused with a sentence naming the line and column, and everything published before stays byte for byte.
 */
class WrongFiguresTest {
    @TempDir
    Path dir;

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The second line of arrests.csv with another ID (its first field). */
    private static String copyOfFirstRecord(Baseline b, String id) throws Exception {
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        return id + first.substring(first.indexOf(',')) + "\n";
    }

    @Test
    void aSpaceInAKeyOfTheCountFileMakesTheSameKeyNotASecondRow() throws Exception {
        Baseline b = Baseline.in(dir);
        Path csv = b.input("state-threat-investigations.csv");
        // a second Russia row for 2025-03, with the stated total raised to match: the figures would say 320
        Files.writeString(csv, Files.readString(csv).replace("2025-03,All states,432", "2025-03,All states,592")
                + "2025-03, Russia,160\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("state-threat-investigations.csv line 12")
                .contains("'2025-03, Russia' already appears on line 7");
        b.assertNothingLost();
    }

    @Test
    void aTrailingSpaceInAnArrestIdIsTheSameArrest() throws Exception {
        Baseline b = Baseline.in(dir);
        String id = Files.readAllLines(b.input("arrests.csv")).get(1).split(",")[0];
        append(b.input("arrests.csv"), copyOfFirstRecord(b, id + " "));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("column arrest_id: arrest_id '" + id + "' already appears on line 2");
        b.assertNothingLost();
    }

    @Test
    void anInvisibleCharacterInAKeyIsRejectedAndNamed() throws Exception {
        Baseline b = Baseline.in(dir);
        String id = Files.readAllLines(b.input("arrests.csv")).get(1).split(",")[0];
        append(b.input("arrests.csv"), copyOfFirstRecord(b, id + "\u200B") + copyOfFirstRecord(b, "\uFEFF" + id));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<Map<String, String>> rejects = Counting.records(b.rejects());
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(0).get("message")).contains("U+200B").contains("zero-width space");
        assertThat(rejects.get(1).get("message")).contains("U+FEFF").contains("byte order mark");
        b.assertNothingLost();
    }

    @Test
    void anInvisibleCharacterInACategoryIsNamedInTheMessage() throws Exception {
        Baseline b = Baseline.in(dir);
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        String sex = first.split(",")[3];
        append(b.input("arrests.csv"), "X-1" + first.substring(first.indexOf(',')).replace("," + sex + ",",
                "," + sex + "\u200B,") + "\n" + "X-2" + first.substring(first.indexOf(','))
                .replace("," + sex + ",", "," + sex.charAt(0) + "\r" + sex.substring(1) + ",") + "\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<Map<String, String>> rejects = Counting.records(b.rejects());
        assertThat(rejects).extracting(r -> r.get("column")).containsExactly("sex", "sex");
        assertThat(rejects.get(0).get("message")).contains("U+200B");
        assertThat(rejects.get(1).get("message")).contains("U+000D").contains("carriage return");
        b.assertNothingLost();
    }

    private static void countsJob(Path ws) throws Exception {
        Files.writeString(ws.resolve("jobs/counts.yml"), """
                title: Counts
                organisation: Test
                period: {year-ending: December, years-shown: 1, series-years: 1}
                datasets:
                  - name: counts
                    file: counts.csv
                    period-column: year_ending
                    count-column: n
                    columns:
                      - {name: year_ending, type: year-month}
                      - {name: kind, type: category, values: [One, Two]}
                      - {name: n, type: whole-number, min: 0}
                tables:
                  - {id: counts-series, kind: series, title: Counts, dataset: counts, measure: Counts}
                """);
    }

    @Test
    void aCountTooLargeToPublishExactlyIsRejectedWithItsLine(@TempDir Path other) throws Exception {
        Path ws = Runs.workspace(other);
        countsJob(ws);
        StringBuilder csv = new StringBuilder("year_ending,kind,n\n");
        for (int i = 0; i < 19; i++) {
            csv.append("2024-12,One,999999999999999999\n");
        }
        Files.writeString(ws.resolve("input/counts.csv"), csv);
        Runs.Result result = Runs.run(ws, "counts", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("counts.csv line 2, column n: '999999999999999999' is more than");
        assertThat(ws.resolve("output/counts/2024-12/revision-1")).doesNotExist();
    }

    @Test
    void countsThatAddUpToMoreThanCanBePublishedAreRejected(@TempDir Path other) throws Exception {
        Path ws = Runs.workspace(other);
        countsJob(ws);
        StringBuilder csv = new StringBuilder("year_ending,kind,n\n");
        for (int i = 0; i < 2000; i++) {
            csv.append("2024-12,Two,9007199254740991\n");
        }
        Files.writeString(ws.resolve("input/counts.csv"), csv);
        Runs.Result result = Runs.run(ws, "counts", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("counts.csv").contains("add up to more than");
        assertThat(ws.resolve("output/counts/2024-12/revision-1")).doesNotExist();
    }

    @Test
    void aDateAfterTheRunIsRejectedWithItsLineAndColumnAndDoesNotMoveThePeriod() throws Exception {
        Baseline b = Baseline.in(dir);
        String tomorrow = LocalDate.now().plusDays(1).toString();
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        String[] f = first.split(",");
        append(b.input("arrests.csv"), "X-1," + tomorrow + "," + String.join(",", List.of(f).subList(2, f.length))
                + "\nX-2,9999-12-31," + String.join(",", List.of(f).subList(2, f.length)) + "\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        int lines = Files.readAllLines(b.input("arrests.csv")).size();
        assertThat(result.err()).contains("arrests.csv line " + (lines - 1) + ", column arrest_date: '" + tomorrow
                + "' is after the date of this run");
        assertThat(Counting.records(b.rejects())).extracting(r -> r.get("line"))
                .containsExactly(Integer.toString(lines - 1), Integer.toString(lines));
        b.assertNothingLost();
    }

    @Test
    void aStrayDateSetAsideWithinMaxRejectsLeavesTheDefaultPeriodWhereTheDataAre() throws Exception {
        Baseline b = Baseline.in(dir);
        Path job = b.workspace().resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replace("max-rejects: 0", "max-rejects: 1"));
        String first = Files.readAllLines(b.input("arrests.csv")).get(1);
        String[] f = first.split(",");
        append(b.input("arrests.csv"), "X-1,9999-12-31," + String.join(",", List.of(f).subList(2, f.length))
                + "\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("annual-threat-report 2025-03: published revision 2");
        assertThat(b.workspace().resolve("output/annual-threat-report/9999-03")).doesNotExist();
    }

    @Test
    void aRequiredFileOfBlankLinesOnlyIsRejectedAndLatestStays() throws Exception {
        Baseline b = Baseline.in(dir);
        Path latest = Published.latest(b.workspace().resolve("output"), "annual-threat-report", "2025-03");
        Path before = latest.toRealPath();
        for (String body : List.of("", "\n\n\r\n\n")) {
            Files.writeString(b.input("arrests.csv"), "arrest_id,arrest_date,age,sex,ideology,outcome\n" + body);
            Runs.Result result = b.run("--year-ending", "2025-03");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("arrests.csv").contains("no records");
            assertThat(latest.toRealPath()).isEqualTo(before);
            b.assertNothingLost();
        }
    }

    @Test
    void aLostRepositoryPublishesTheNextFreeRevisionNeverOverAnEarlierOne() throws Exception {
        Baseline b = Baseline.in(dir);
        Path revision1 = b.reports().resolve("2025-03/revision-1");
        Map<String, String> before = Published.hashes(revision1);
        org.threatstats.io.AtomicFiles.deleteTree(b.workspace().resolve("output/.repository"));
        append(b.input("arrests.csv"), copyOfFirstRecord(b, "X-NEW-1"));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("published revision 2");
        assertThat(Published.hashes(revision1)).isEqualTo(before);
        assertThat(b.reports().resolve("2025-03/revision-2")).isDirectory();
    }

    @Test
    void aRevisionFolderDeletedByHandIsReportedNotCalledUpToDate() throws Exception {
        Baseline b = Baseline.in(dir);
        org.threatstats.io.AtomicFiles.deleteTree(b.reports().resolve("2025-03/revision-1"));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("revision 1").contains("missing").doesNotContain("up to date");
    }

    @Test
    void aLatestLinkDeletedByHandIsReportedAndPutBack() throws Exception {
        // putting the link back overwrites nothing, so the run does it and says so (issue 18 decided this)
        Baseline b = Baseline.in(dir);
        Files.delete(b.reports().resolve("2025-03/latest"));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out() + result.err()).contains("put back the missing 'latest' link");
        assertThat(Files.readSymbolicLink(b.reports().resolve("2025-03/latest")).toString()).isEqualTo("revision-1");
    }
}
