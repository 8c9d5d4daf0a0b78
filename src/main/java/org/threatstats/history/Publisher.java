package org.threatstats.history;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import de.siegmar.fastcsv.writer.CsvWriter;

import org.threatstats.io.Hashes;
import org.threatstats.io.Json;
import org.threatstats.io.AtomicFiles;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportBuilder;

/**
 * Publishes a revision so that, at any moment, the period's folder holds either the previous state or the complete
 * new revision: every file is written and flushed inside a hidden temporary folder, which is then renamed to
 * {@code revision-N} in one step; then the {@code latest} link is switched to it, also in one step (a new link
 * renamed over the old). Earlier revisions are never touched.
 */
public final class Publisher {
    private final Publications publications;

    public Publisher(Publications publications) {
        this.publications = publications;
    }

    /** A file of the revision: its name and how to write it. */
    public record Output(String name, AtomicFiles.Content content) {
    }

    public Manifest publish(Report report, long run, String runKey, Map<String, String> inputs, List<Output> outputs)
            throws IOException {
        Path periodDir = publications.periodDir();
        Files.createDirectories(periodDir);
        removeLeftovers(periodDir);
        Path target = publications.revisionDir(report.revision());
        Path temp = periodDir.resolve(".revision-" + report.revision() + ".partial-" + run);
        AtomicFiles.deleteTree(temp);
        Files.createDirectories(temp);
        Map<String, String> files = new LinkedHashMap<>();
        try {
            writeAll(temp, outputs);
            for (Output output : outputs) {
                files.put(output.name(), Hashes.sha256(temp.resolve(output.name())));
            }
            Path figures = temp.resolve(Publications.FIGURES);
            writeFigures(report, figures);
            AtomicFiles.fsync(figures);
            Manifest manifest = new Manifest(report.job(), report.period(), report.revision(), report.publishedOn(),
                    run, runKey, report.definitionSha256(), inputs, files, report.revisions().size());
            Path manifestFile = temp.resolve(Manifest.FILE_NAME);
            Files.writeString(manifestFile, Json.write(manifest), StandardCharsets.UTF_8);
            AtomicFiles.fsync(manifestFile);
            AtomicFiles.fsyncDirectory(temp);
            try {
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(target + " already exists: another run published this revision", e);
            }
            AtomicFiles.fsyncDirectory(periodDir);
            pointLatestAt(target);
            return manifest;
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** Renders the files at the same time, one thread each: they share nothing but the (immutable) report. */
    private static void writeAll(Path dir, List<Output> outputs) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(outputs.size(), r -> {
            Thread t = new Thread(r, "render");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> written = new java.util.ArrayList<>();
            for (Output output : outputs) {
                written.add(pool.submit(() -> {
                    Path file = dir.resolve(output.name());
                    try (var out = Files.newOutputStream(file)) {
                        output.content().writeTo(out);
                    }
                    AtomicFiles.fsync(file);
                    return null;
                }));
            }
            for (Future<?> f : written) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the reports", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot write the reports: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Switches {@code latest} to a revision (also used to finish a publication a crash interrupted). */
    public void pointLatestAt(Path revisionDir) throws IOException {
        Path periodDir = publications.periodDir();
        Path link = publications.latestDir();
        Path temp = periodDir.resolve(".latest.tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, revisionDir.getFileName());
        AtomicFiles.move(temp, link);
        AtomicFiles.fsyncDirectory(periodDir);
    }

    /** Hidden folders and links left by a publication that a crash interrupted. */
    private static void removeLeftovers(Path periodDir) throws IOException {
        try (Stream<Path> entries = Files.list(periodDir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".revision-") || name.startsWith(".latest.tmp-")) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }


    private static void writeFigures(Report report, Path file) {
        try (Writer w = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
                CsvWriter csv = CsvWriter.builder().build(w)) {
            // one row per figure, with the period the figure is for (a breakdown's earlier years are earlier periods)
            csv.writeRecord("period", "table", "row", "column", "value", "table_label", "row_label", "column_header");
            for (ReportBuilder.Figure f : ReportBuilder.figureList(report)) {
                csv.writeRecord(f.period(), f.table(), f.row(), f.column(), f.value(), f.tableLabel(), f.rowLabel(),
                        f.columnHeader());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
