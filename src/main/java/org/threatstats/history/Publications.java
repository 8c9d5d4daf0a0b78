package org.threatstats.history;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import org.threatstats.io.Json;
import org.threatstats.io.Problem;
import org.threatstats.publish.ReportBuilder;

/**
 * The published revisions of one job and period, as the output folder holds them:
 * {@code <output>/<job>/<YYYY-MM>/revision-N/} (never changed once written) and {@code latest}, a link to the
 * newest.
 */
public final class Publications {
    public static final String FIGURES = "figures.csv";
    public static final String LATEST = "latest";
    private static final Pattern REVISION = Pattern.compile("revision-(\\d+)");

    private final Path periodDir;

    public Publications(Path outputDir, String job, String period) {
        this.periodDir = outputDir.resolve(job).resolve(period);
    }

    /** The report periods of a job that the output folder holds, as their folders name them ("2025-03"), in order. */
    public static List<String> periods(Path outputDir, String job) {
        Path jobDir = outputDir.resolve(job);
        if (!Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{4}-\\d{2}")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jobDir, e);
        }
    }

    public Path periodDir() {
        return periodDir;
    }

    public Path revisionDir(int revision) {
        return periodDir.resolve("revision-" + revision);
    }

    public Path latestDir() {
        return periodDir.resolve(LATEST);
    }

    /** Revision numbers published so far, in order. */
    public List<Integer> revisions() {
        if (!Files.isDirectory(periodDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(periodDir)) {
            List<Integer> numbers = new ArrayList<>();
            entries.forEach(p -> {
                int n = revisionNumber(p);
                if (n >= 0 && Files.isDirectory(p) && Files.exists(p.resolve(Manifest.FILE_NAME))) {
                    numbers.add(n);
                }
            });
            numbers.sort(Comparator.naturalOrder());
            return numbers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + periodDir, e);
        }
    }

    /** N of a folder named {@code revision-N}, or -1 for any other name. */
    static int revisionNumber(Path folder) {
        Matcher m = REVISION.matcher(folder.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    public Optional<Manifest> manifest(int revision) {
        Path file = revisionDir(revision).resolve(Manifest.FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(file), Manifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new Problem(file + " is damaged (" + firstLine(e.getMessage()) + "): nothing was "
                    + "written; put back the revision's manifest from a copy, or move the revision folder aside", e);
        }
    }

    public Optional<Manifest> latest() {
        List<Integer> all = revisions();
        return all.isEmpty() ? Optional.empty() : manifest(all.get(all.size() - 1));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Figures of a revision by key (table|row|column), as printed. */
    public Map<String, String> figures(int revision) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (ReportBuilder.Figure f : figureList(revision)) {
            figures.put(f.key(), f.value());
        }
        return figures;
    }

    /** Figures of a revision with their labels, in table order. */
    public List<ReportBuilder.Figure> figureList(int revision) {
        List<ReportBuilder.Figure> figures = new ArrayList<>();
        Path file = revisionDir(revision).resolve(FIGURES);
        if (!Files.exists(file)) {
            return figures;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(reader)) {
            boolean header = true;
            for (CsvRecord r : csv) {
                if (header) {
                    header = false;
                    continue;
                }
                // revisions published before figures named their period have seven fields: their keys match no
                // figure of today's reports, so a changed input compares as all new; before markers, eight
                int n = r.getFieldCount();
                int o = n >= 8 ? 1 : 0;
                figures.add(new ReportBuilder.Figure(o == 1 ? r.getField(0) : "", r.getField(o), r.getField(o + 1),
                        r.getField(o + 2), r.getField(o + 3), r.getField(o + 4), r.getField(o + 5),
                        r.getField(o + 6), n >= 9 ? r.getField(8) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new Problem(file + " is damaged (" + firstLine(e.getMessage()) + "): put it back "
                    + "from a copy of the revision", e);
        }
        return figures;
    }
}
