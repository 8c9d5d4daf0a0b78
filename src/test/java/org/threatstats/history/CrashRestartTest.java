package org.threatstats.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.support.Child;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * A run of a few million records killed with {@code kill -9} (no shutdown hook, nothing flushed) while it reads
 * and while it renders: the same command then recovers the run, resumes it and finishes with every figure equal to
 * an uninterrupted run's, and no partial file anywhere.
 */
class CrashRestartTest {
    static final int RECORDS = 3_000_000;

    @TempDir
    static Path shared;

    static Path input;
    static String expectedFigures;
    /** The uninterrupted run's report files (workbooks and PDF) by name: their SHA-256. */
    static Map<String, String> expectedFiles;

    @BeforeAll
    static void generateAndRunOnceUninterrupted() throws Exception {
        Path ws = Runs.workspace(shared.resolve("reference"));
        input = ws.resolve("input");
        ArrestsGenerator.sampleYears(11).write(RECORDS, input.resolve("arrests.csv"));
        Runs.Result result = Runs.run(ws, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path revision = ws.resolve("output/annual-threat-report/2025-03/revision-1");
        expectedFigures = Files.readString(revision.resolve("figures.csv"));
        expectedFiles = reportFiles(revision);
        assertThat(expectedFiles).hasSize(3);
    }

    /** The .xlsx, .ods and .pdf of a revision folder, by name: their SHA-256. */
    private static Map<String, String> reportFiles(Path revision) throws IOException {
        try (Stream<Path> files = Files.list(revision)) {
            return files.filter(f -> f.toString().matches(".*\\.(xlsx|ods|pdf)"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), Published::sha256));
        }
    }

    private static Child start(Path ws) throws IOException {
        Files.createDirectories(ws);
        Runs.copyTree(Runs.project().resolve("jobs"), ws.resolve("jobs"));
        return Child.start(ws, "run", "annual-threat-report", "--input-dir", input.toString(), "--published-on",
                "2026-11-27");
    }

    private static void finishesLikeAnUninterruptedRun(Path ws) throws Exception {
        Child again = Child.start(ws, "run", "annual-threat-report", "--input-dir", input.toString(),
                "--published-on", "2026-11-27");
        int code = again.waitFor();
        assertThat(code).as(again.output()).isZero();
        assertThat(again.output()).contains("recovered an interrupted run and published revision 1");
        Path period = ws.resolve("output/annual-threat-report/2025-03");
        assertThat(Files.readString(period.resolve("revision-1/figures.csv"))).isEqualTo(expectedFigures);
        assertThat(reportFiles(period.resolve("revision-1"))).as("the very bytes of an uninterrupted run's reports")
                .isEqualTo(expectedFiles);
        assertThat(Published.tree(ws.resolve("output/annual-threat-report")))
                .as("no partial or temporary file").noneMatch(p -> p.contains(".partial") || p.contains(".tmp"));
        assertThat(Published.tree(ws.resolve("output/.repository"))).as("no work files left")
                .noneMatch(p -> p.startsWith("work/"));
        Runs.Result history = Runs.cli("history", "--output-dir", ws.resolve("output").toString());
        assertThat(history.out()).contains("COMPLETED").contains("(2 attempts)");
    }

    @Test
    void killedWhileReading(@TempDir Path ws) throws Exception {
        Child child = start(ws);
        Path log = ws.resolve("output/logs/threatstats.log");
        // killed once the partitions have committed some chunks but not all
        boolean reading = child.awaitLog(log, "Executing step: [ingest]", 120_000);
        assertThat(reading).as(child.output()).isTrue();
        Thread.sleep(500);
        child.killHard();
        assertThat(Files.readString(log)).as("killed before the ingest step finished")
                .doesNotContain("Step: [ingest] executed");
        assertThat(Files.exists(ws.resolve("output/annual-threat-report/2025-03/revision-1"))).isFalse();
        finishesLikeAnUninterruptedRun(ws);
    }

    @Test
    void aRestartOnAMachineWithMoreCoresReadsTheSamePartitions(@TempDir Path ws) throws Exception {
        Child child = start(ws);
        Path log = ws.resolve("output/logs/threatstats.log");
        assertThat(child.awaitLog(log, "Executing step: [ingest]", 120_000)).as(child.output()).isTrue();
        Thread.sleep(500);
        child.killHard();
        java.util.Set<String> before = partitions(log);
        // the restart runs three partitions at a time; the partitions are the file's, not the machine's
        Child again = Child.start(ws, Map.of("JAVA_TOOL_OPTIONS", "-Dthreatstats.partitions=3"), "run",
                "annual-threat-report", "--input-dir", input.toString(), "--published-on", "2026-11-27");
        assertThat(again.waitFor()).as(again.output()).isZero();
        assertThat(Files.readString(ws.resolve("output/annual-threat-report/2025-03/revision-1/figures.csv")))
                .isEqualTo(expectedFigures);
        java.util.Set<String> all = partitions(log);
        assertThat(all).as("every partition the restart ran, the first attempt knew of").hasSizeGreaterThan(4);
        assertThat(Files.readString(log)).as("on three threads").contains("[ingest-3]");
        assertThat(before).isSubsetOf(all);
        assertThat(all).allMatch(p -> p.matches("ingest:(arrests|state-threats)-\\d{3}"));
    }

    /** The partitions whose execution the log names. */
    private static java.util.Set<String> partitions(Path log) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Executing step: \\[(ingest:[^\\]]+)]")
                .matcher(Files.readString(log));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void aFileChangedWhileItIsReadFailsTheRunAndPublishesNothing(@TempDir Path ws) throws Exception {
        Path copy = ws.resolve("input");
        Files.createDirectories(copy);
        Files.copy(input.resolve("arrests.csv"), copy.resolve("arrests.csv"));
        Files.createDirectories(ws.resolve("jobs"));
        Runs.copyTree(Runs.project().resolve("jobs"), ws.resolve("jobs"));
        Child child = Child.start(ws, "run", "annual-threat-report", "--published-on", "2026-11-27");
        Path log = ws.resolve("output/logs/threatstats.log");
        assertThat(child.awaitLog(log, "Executing step: [ingest]", 120_000)).as(child.output()).isTrue();
        // the supplier's transfer appends to the file the run is reading
        Files.writeString(copy.resolve("arrests.csv"), "X-1,2025-01-01,30,Male,Other,Pending\n",
                StandardOpenOption.APPEND);
        assertThat(child.waitFor()).as(child.output()).isEqualTo(1);
        assertThat(child.output()).contains("arrests.csv was changed or replaced while this run read it; nothing "
                + "was published");
        assertThat(ws.resolve("output/annual-threat-report/2025-03/revision-1")).doesNotExist();
    }

    @Test
    void aSameSizeRewriteWithItsTimeKeptIsCaughtByTheBytesRead(@TempDir Path ws) throws Exception {
        Path copy = ws.resolve("input");
        Files.createDirectories(copy);
        Path csv = copy.resolve("arrests.csv");
        Files.copy(input.resolve("arrests.csv"), csv);
        Files.createDirectories(ws.resolve("jobs"));
        Runs.copyTree(Runs.project().resolve("jobs"), ws.resolve("jobs"));
        Child child = Child.start(ws, "run", "annual-threat-report", "--published-on", "2026-11-27");
        Path log = ws.resolve("output/logs/threatstats.log");
        assertThat(child.awaitLog(log, "Executing step: [ingest]", 120_000)).as(child.output()).isTrue();
        // the supplier rewrites the end of the file in place: the same size, and the time put back
        long time = Files.getLastModifiedTime(csv).toMillis();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(csv,
                StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long at = channel.size() - 1_000_000;
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(1_000_000);
            channel.read(tail, at);
            byte[] bytes = tail.array();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '3') {
                    bytes[i] = '4'; // ages and dates stay well-formed: only the content tells
                }
            }
            channel.write(java.nio.ByteBuffer.wrap(bytes), at);
        }
        Files.setLastModifiedTime(csv, java.nio.file.attribute.FileTime.fromMillis(time));
        assertThat(child.waitFor()).as(child.output()).isEqualTo(1);
        assertThat(child.output()).contains("arrests.csv was changed while this run read it")
                .contains("nothing was published");
        assertThat(ws.resolve("output/annual-threat-report/2025-03/revision-1")).doesNotExist();
    }

    @Test
    void killedWhileRendering(@TempDir Path ws) throws Exception {
        Child child = start(ws);
        Path period = ws.resolve("output/annual-threat-report/2025-03");
        boolean rendering = child.awaitWhileAlive(() -> partial(period), 180_000);
        assertThat(rendering).as(child.output()).isTrue();
        child.killHard();
        assertThat(Files.exists(period.resolve("revision-1"))).isFalse();
        finishesLikeAnUninterruptedRun(ws);
    }

    @Test
    void rejectsOnAMultiMillionRecordFileNameTheRightLinesInEveryPartition(@TempDir Path ws) throws Exception {
        Files.createDirectories(ws.resolve("input"));
        Runs.copyTree(Runs.project().resolve("jobs"), ws.resolve("jobs"));
        Path csv = ws.resolve("input/arrests.csv");
        String firstId;
        try (var lines = Files.lines(input.resolve("arrests.csv"));
                var out = Files.newBufferedWriter(csv)) {
            var it = lines.iterator();
            long n = 0;
            String idOfLine20 = null;
            while (it.hasNext()) {
                String line = it.next();
                n++;
                if (n == 20) {
                    idOfLine20 = line.substring(0, line.indexOf(','));
                }
                if (n == 10 || n == 1_600_000) {
                    line = line.replaceFirst("^([^,]*),[^,]*,", "$1,2021-02-30,");
                } else if (n == 2_500_000) {
                    line = idOfLine20 + line.substring(line.indexOf(','));
                } else if (n == 2_999_990) {
                    line = line + ",extra";
                }
                out.write(line);
                out.write('\n');
            }
            firstId = idOfLine20;
        }
        Runs.Result result = Runs.run(ws, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("arrests.csv line 10, column arrest_date: '2021-02-30' is not a real date");
        var rows = org.threatstats.support.Counting.records(ws.resolve("output/annual-threat-report/2025-03/rejects.csv"));
        assertThat(rows).extracting(r -> r.get("line") + " " + r.get("column") + " " + r.get("rule"))
                .containsExactly("10 arrest_date type", "1600000 arrest_date type", "2500000 arrest_id unique",
                        "2999990  structure");
        assertThat(rows.get(2).get("message")).isEqualTo("arrest_id '" + firstId + "' already appears on line 20");
    }

    private static boolean partial(Path period) {
        if (!Files.isDirectory(period)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(period)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(".revision-"));
        } catch (IOException e) {
            return false;
        }
    }
}
