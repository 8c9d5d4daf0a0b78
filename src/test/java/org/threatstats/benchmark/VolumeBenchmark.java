package org.threatstats.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;


import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.io.AtomicFiles;
import org.threatstats.support.Counting;

/**
 * Volume benchmark: the complete annual-report run (start-up, fingerprint, validation including uniqueness of
 * arrest_id, aggregation, workbook and PDF) on generated files of 1 and 10 million records, then DuckDB computing
 * the same aggregates and the duplicate-ID check over the same file, one after the other, on this machine; then
 * the same run inside one long-lived {@code schedule} process (after one warm-up run there), against DuckDB in the
 * same rounds.
 *
 * <pre>
 * mvn -q package -DskipTests &amp;&amp; mvn -q -Pbenchmark exec:java     (sizes: -Dbenchmark.records=1000000,10000000;
 *                                                            rounds: -Dbenchmark.repeats=3)
 * </pre>
 * Prints wall time, records/s, MB/s, peak resident memory and the ratio project / DuckDB (the goal: at most 1.0),
 * DuckDB's time being the faster of its two ways in each round (reading the file once into a table, or once per
 * query: which is faster has varied between runs of this benchmark), as medians of interleaved rounds (a shared host's speed varies by a tenth or more from minute to minute), and
 * stops if the yearly counts the run published differ from those DuckDB counted.
 */
public final class VolumeBenchmark {

    record Measure(double seconds, long peakRssKb) {
    }

    public static void main(String[] args) throws Exception {
        String sizes = System.getProperty("benchmark.records", "1000000,10000000");
        int repeats = Integer.getInteger("benchmark.repeats", 3);
        Path work = Path.of(System.getProperty("benchmark.dir", "target/benchmark")).toAbsolutePath();
        String jar = "target/threatstats.jar";
        // the distribution's launcher, with its options file and the start-up archive the build made for it
        String options = "target/threatstats/bin/threatstats";
        if (!Files.exists(Path.of(jar)) || !Files.exists(Path.of(options))
                || !Files.exists(Path.of("target/threatstats/lib/threatstats.jsa"))) {
            throw new IllegalStateException("build the jar first, from the project folder: mvn -q package -DskipTests");
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.UK, "%11s %9s | %9s %12s %8s %10s | %9s | %10s %10s %10s | %6s %6s",
                "records", "file MB", "project s", "records/s", "MB/s", "peak RSS", "plain s", "DuckDB 1 s",
                "DuckDB 2 s", "best s", "ratio", "plain"));
        lines.add("  project: JAVA_OPTS=-Xshare:on " + options + " run annual-threat-report (the nightly "
                + "command)");
        lines.add("  plain: java -jar " + jar + " run annual-threat-report (no start-up archive, default JIT); its "
                + "ratio is against DuckDB's best");
        lines.add("  DuckDB 1: one scan of the CSV into a table, then the cube and the duplicate check");
        lines.add("  DuckDB 2: the cube query and the duplicate-check query each read the CSV");
        lines.add("  best: the faster of the two in each round; ratio: project / best (the goal: at most 1.0)");
        warmUp(jar, options, work);
        long rss1m = -1;
        for (String size : sizes.split(",")) {
            long records = Long.parseLong(size.trim());
            Path input = work.resolve("input-" + records);
            Path csv = input.resolve("arrests.csv");
            if (!Files.exists(csv)) {
                ArrestsGenerator.sampleYears(1).write(records, csv);
            }
            double mb = Files.size(csv) / 1e6;
            Path output = work.resolve("output-" + records);
            // each contender runs `repeats` times, in rounds (project, plain, DuckDB, DuckDB), so a busy spell
            // of the host falls on all of them; the figures are medians, and the peak RSS the highest seen
            List<Double> projects = new ArrayList<>();
            List<Double> plains = new ArrayList<>();
            List<Double> ducks = new ArrayList<>();
            List<Double> ducksTwoScans = new ArrayList<>();
            long peakRss = 0;
            Map<Integer, Long> counted = new TreeMap<>();
            for (int round = 0; round < repeats; round++) {
                readThrough(csv);
                Measure project = project(jar, options, input, output);
                projects.add(project.seconds());
                peakRss = Math.max(peakRss, project.peakRssKb());
                Map<Integer, Long> published = publishedCounts(output);
                readThrough(csv);
                plains.add(project(jar, null, input, output).seconds());
                readThrough(csv);
                counted.clear();
                ducks.add(duckdb(csv, true, counted));
                readThrough(csv);
                ducksTwoScans.add(duckdb(csv, false, new TreeMap<>()));
                // the two must agree on every year the report shows: a fast run that counts wrong is no result
                if (published.isEmpty() || !published.entrySet().stream().allMatch(e -> e.getValue().equals(
                        counted.get(e.getKey())))) {
                    throw new IllegalStateException("the report's yearly counts " + published + " differ from "
                            + "DuckDB's " + counted);
                }
            }
            List<Double> best = new ArrayList<>();
            for (int i = 0; i < ducks.size(); i++) {
                best.add(Math.min(ducks.get(i), ducksTwoScans.get(i)));
            }
            double projectSeconds = median(projects);
            double duckBest = median(best);
            double plainSeconds = median(plains);
            lines.add(String.format(Locale.UK,
                    "%,11d %9.0f | %9.2f %,12.0f %8.0f %7.0f MB | %9.2f | %10.2f %10.2f %10.2f | %6.2f %6.2f",
                    records, mb, projectSeconds, records / projectSeconds, mb / projectSeconds, peakRss / 1024.0,
                    plainSeconds, median(ducks), median(ducksTwoScans), duckBest, projectSeconds / duckBest,
                    plainSeconds / duckBest));
            if (repeats > 1) {
                lines.add(String.format(Locale.UK, "%11s each round (s): project %s; DuckDB best %s; ratios %s "
                        + "(median %.2f)", "", seconds(projects), seconds(best), ratios(projects, best),
                        median(roundRatios(projects, best))));
            }
            scheduled(options, csv, work.resolve("schedule-" + records), repeats, lines);
            if (records == 1_000_000) {
                rss1m = peakRss;
            } else if (rss1m > 0) {
                double perRecord = (peakRss - rss1m) * 1024.0 / (records - 1_000_000);
                lines.add(String.format(Locale.UK, "%11s peak RSS above the 1M run: %.1f bytes per extra record", "",
                        perRecord));
            }
            System.out.println(String.join("\n", lines));
            System.out.println();
        }
    }

    /**
     * The run inside one long-lived scheduler (its context, code and caches warm): a job scheduled every 30 seconds
     * on a copy of the input, one warm-up run, then {@code rounds} measured runs, each after one more record is
     * appended (so each is a complete run that publishes a revision), each followed by DuckDB on the same file. The
     * time is the scheduler's own measure of the run (its run summary), from the job's start to its publication.
     */
    static void scheduled(String launcher, Path csv, Path ws, int rounds, List<String> lines) throws Exception {
        AtomicFiles.deleteTree(ws);
        Path input = ws.resolve("input");
        Path jobs = ws.resolve("jobs");
        Path output = ws.resolve("output");
        Files.createDirectories(input);
        Files.createDirectories(jobs);
        Path copy = input.resolve("arrests.csv");
        Files.copy(csv, copy);
        Path job = Path.of("jobs/annual-threat-report.yml");
        Files.writeString(jobs.resolve(job.getFileName()), Files.readString(job).replaceFirst("schedule: .*",
                "schedule: \"*/30 * * * * *\""));
        Path lastRun = output.resolve(".repository/last-run/annual-threat-report.json");
        ProcessBuilder builder = new ProcessBuilder(launcher, "schedule", "--jobs-dir", jobs.toString(),
                "--input-dir", input.toString(), "--output-dir", output.toString())
                .redirectOutput(ws.resolve("schedule.log").toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xshare:on");
        Process scheduler = builder.start();
        try {
            String seen = awaitRun(lastRun, null, scheduler).started();
            List<Double> runs = new ArrayList<>();
            List<Double> best = new ArrayList<>();
            long peak = 0;
            Path status = Path.of("/proc", Long.toString(scheduler.pid()), "status");
            for (int round = 0; round < rounds; round++) {
                Files.writeString(copy, "X-BENCHMARK-" + round + ",2025-03-30,30,Male,Islamist,Charged\n",
                        java.nio.file.StandardOpenOption.APPEND);
                Run run = awaitRun(lastRun, seen, scheduler);
                seen = run.started();
                runs.add(run.seconds());
                peak = Math.max(peak, hwm(status));
                Map<Integer, Long> counted = new TreeMap<>();
                readThrough(copy);
                double one = duckdb(copy, true, counted);
                readThrough(copy);
                best.add(Math.min(one, duckdb(copy, false, new TreeMap<>())));
                Map<Integer, Long> published = publishedCounts(output);
                if (!published.entrySet().stream().allMatch(e -> e.getValue().equals(counted.get(e.getKey())))) {
                    throw new IllegalStateException("the scheduled run's yearly counts " + published + " differ "
                            + "from DuckDB's " + counted);
                }
            }
            lines.add(String.format(Locale.UK, "%11s scheduled (warm, inside one schedule process): %.2f s against "
                    + "DuckDB's best %.2f s: ratio %.2f; rounds %s; ratios %s; peak RSS of the process %.0f MB", "",
                    median(runs), median(best), median(runs) / median(best), seconds(runs), ratios(runs, best),
                    peak / 1024.0));
        } finally {
            scheduler.destroy();
            scheduler.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** A scheduled run as the scheduler recorded it. */
    record Run(String started, double seconds) {
    }

    /** Waits for the scheduler to record a completed run that started after {@code after} (null: any). */
    private static Run awaitRun(Path lastRun, String after, Process scheduler) throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            if (!scheduler.isAlive()) {
                throw new IllegalStateException("the scheduler stopped with exit code " + scheduler.exitValue());
            }
            if (Files.exists(lastRun)) {
                Map<?, ?> line = org.threatstats.io.Json.read(Files.readString(lastRun), Map.class);
                String started = String.valueOf(line.get("started"));
                if (!started.equals(after) && "UP-TO-DATE".equals(line.get("status"))) {
                    after = started; // fired before the input was changed: the next one reads it
                } else if (!started.equals(after)) {
                    if (!"COMPLETED".equals(line.get("status"))) {
                        throw new IllegalStateException("a scheduled run ended " + line.get("status") + ": "
                                + line.get("message"));
                    }
                    return new Run(started, ((Number) line.get("seconds")).doubleValue());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no scheduled run within ten minutes");
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.UK, "%.2f", v)).toList());
    }

    private static List<Double> roundRatios(List<Double> projects, List<Double> ducks) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < projects.size(); i++) {
            r.add(projects.get(i) / ducks.get(i));
        }
        return r;
    }

    /** Each round's ratio: the project's run against the DuckDB run of the same round. */
    private static String ratios(List<Double> projects, List<Double> ducks) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < projects.size(); i++) {
            r.add(String.format(Locale.UK, "%.2f", projects.get(i) / ducks.get(i)));
        }
        return String.join(" ", r);
    }

    /**
     * The real command in its own JVM, timed from start to exit, its peak RSS read from /proc. With the launcher
     * ({@code options}; it execs the JVM, so the process is the JVM) the JVM must use the start-up archive
     * ({@code -Xshare:on} refuses to start otherwise), so a stale archive cannot pass for a fast run.
     */
    static Measure project(String jar, String options, Path input, Path output) throws Exception {
        AtomicFiles.deleteTree(output);
        List<String> command = new ArrayList<>();
        if (options != null) {
            command.add(options);
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        }
        command.addAll(List.of("run", "annual-threat-report", "--jobs-dir", Path.of("jobs")
                .toAbsolutePath().toString(), "--input-dir", input.toString(), "--output-dir", output.toString(),
                "--published-on", "2026-11-27"));
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (options != null) {
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS", "-Xshare:on");
        }
        Process process = builder.start();
        long peak = 0;
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        // VmHWM is the peak so far, so a look every 25 ms misses at most the last 25 ms; looking every 5 ms took
        // a few percent of a core from the run it measured, on a machine with two
        while (!process.waitFor(25, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, hwm(status));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the run failed with exit code " + process.exitValue());
        }
        return new Measure(seconds, peak);
    }

    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process just ended
        }
        return 0;
    }

    /** The file in the page cache for both contenders: neither pays for the disk. */
    static void readThrough(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // nothing: reading is the point
            }
        }
    }

    /** One small run of each, not measured: the jar and DuckDB's native library are loaded once. */
    static void warmUp(String jar, String options, Path work) throws Exception {
        Path input = work.resolve("input-warm-up");
        Path csv = input.resolve("arrests.csv");
        ArrestsGenerator.sampleYears(2).write(10_000, csv);
        project(jar, options, input, work.resolve("output-warm-up"));
        duckdb(csv, true, new TreeMap<>());
    }

    /**
     * DuckDB counts the same cube and checks arrest_id for duplicates: either after parsing the file once into a
     * table ({@code oneScan}), or with each query reading the file.
     */
    static double duckdb(Path csv, boolean oneScan, Map<Integer, Long> byYear) throws Exception {
        long start = System.nanoTime();
        String source = "read_csv('" + csv + "', header = true, columns = {'arrest_id': 'VARCHAR', 'arrest_date': "
                + "'DATE', 'age': 'INTEGER', 'sex': 'VARCHAR', 'ideology': 'VARCHAR', 'outcome': 'VARCHAR'})";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            String arrests = source;
            if (oneScan) {
                s.execute("CREATE TEMP TABLE arrests AS SELECT * FROM " + source);
                arrests = "arrests";
            }
            long cells = 0;
            try (ResultSet r = s.executeQuery("SELECT year(arrest_date) + (month(arrest_date) > 3)::INT AS period, "
                    + "CASE WHEN age IS NULL THEN 'Not stated' WHEN age <= 17 THEN '17 and under' WHEN age <= 20 "
                    + "THEN '18 to 20' WHEN age <= 24 THEN '21 to 24' WHEN age <= 29 THEN '25 to 29' ELSE '30 and "
                    + "over' END AS age_band, sex, ideology, outcome, count(*) FROM " + arrests + " "
                    + "GROUP BY ALL")) {
                while (r.next()) {
                    cells++;
                    byYear.merge(r.getInt(1), r.getLong(6), Long::sum);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM (SELECT arrest_id FROM " + arrests + " GROUP BY "
                    + "arrest_id HAVING count(*) > 1)")) {
                r.next();
                if (r.getLong(1) != 0 || cells == 0) {
                    throw new IllegalStateException("unexpected DuckDB result");
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The yearly arrest counts the run published (Table 1 of figures.csv), by the year the period ends in. */
    static Map<Integer, Long> publishedCounts(Path output) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Map<String, String> row : Counting.records(output.resolve("annual-threat-report").resolve("2025-03")
                .resolve("latest").resolve("figures.csv"))) {
            if (row.get("table").equals("arrests-series") && row.get("column").equals("count")) {
                counts.put(Integer.parseInt(row.get("row").substring(0, 4)), Long.parseLong(row.get("value")
                        .replace(",", "")));
            }
        }
        return counts;
    }
}
