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
import org.threatstats.io.Problem;
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
        new Tampering(publications).refuseForeignLatest();
        removeLeftovers(periodDir);
        Path target = publications.revisionDir(report.revision());
        Path temp = periodDir.resolve(".revision-" + report.revision() + ".partial-" + run);
        AtomicFiles.deleteTree(temp);
        Map<String, String> files = new LinkedHashMap<>();
        Manifest manifest;
        try {
            try {
                Files.createDirectories(temp);
                writeAll(temp, target, outputs);
                for (Output output : outputs) {
                    files.put(output.name(), Hashes.sha256(temp.resolve(output.name())));
                }
                Path figures = temp.resolve(Publications.FIGURES);
                write(figures, target, out -> writeFigures(report, out));
                // figures.csv is a published file like the others: diff and the next run read it, so the manifest
                // says what it must hold
                files.put(Publications.FIGURES, Hashes.sha256(figures));
                manifest = new Manifest(report.job(), report.period(), report.revision(), report.publishedOn(),
                        run, runKey, report.definitionSha256(), inputs, files, report.revisions().size());
                byte[] json = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
                write(temp.resolve(Manifest.FILE_NAME), target, out -> out.write(json));
                AtomicFiles.fsyncDirectory(temp);
            } catch (WriteFailure e) {
                throw e.problem(periodDir);
            } catch (IOException | UncheckedIOException e) {
                throw WriteFailure.of(temp, target, e).problem(periodDir);
            }
            try {
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(target + " already exists: another run published this revision", e);
            }
        } finally {
            AtomicFiles.deleteTree(temp);
        }
        AtomicFiles.fsyncDirectory(periodDir);
        try {
            pointLatestAt(target);
        } catch (IOException | UncheckedIOException e) {
            String why = WriteFailure.noSpace(e, periodDir) ? "no space left on " + WriteFailure.device(periodDir)
                    : "could not write (" + WriteFailure.reason(e) + ")";
            throw new Problem(why + " while switching " + publications.latestDir() + " to revision "
                    + report.revision() + ": the revision is in place, but 'latest' still shows the one before; run "
                    + "the same command again to finish", e);
        }
        return manifest;
    }

    /** Writes one file of the revision in the hidden folder and flushes it; a failure names its published path. */
    private static void write(Path file, Path target, AtomicFiles.Content content) throws WriteFailure {
        try {
            try (var out = Files.newOutputStream(file)) {
                content.writeTo(out);
            }
            AtomicFiles.fsync(file);
        } catch (IOException | RuntimeException e) {
            throw new WriteFailure(target.resolve(file.getFileName().toString()), e);
        }
    }

    /**
     * Writing a file of the revision failed: which file (by the name it would have been published under), and
     * why, as the one sentence an operator reads. Rendering libraries wrap the operating system's error in their
     * own exceptions (POI's "Fail to save", OpenPDF's converter), so the chain is searched for it.
     */
    static final class WriteFailure extends IOException {
        private final Path file;

        WriteFailure(Path file, Throwable cause) {
            super("cannot write " + file, cause);
            this.file = file;
        }

        static WriteFailure of(Path temp, Path target, Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WriteFailure w) {
                    return w;
                }
                if (t instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
                    Path p = Path.of(f.getFile());
                    return new WriteFailure(p.startsWith(temp) ? target.resolve(temp.relativize(p)) : p, e);
                }
            }
            return new WriteFailure(target, e);
        }

        Problem problem(Path dir) {
            Throwable cause = getCause();
            if (noSpace(cause, dir)) {
                return new Problem("no space left on " + device(dir) + " while writing " + file
                        + "; nothing was published", cause);
            }
            return new Problem("could not write " + file + " (" + reason(cause) + "); nothing was published",
                    cause);
        }

        /** ENOSPC (or a quota), by the system's words, or by a folder whose file system has next to no room. */
        static boolean noSpace(Throwable e, Path dir) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
                    return true;
                }
            }
            try {
                // the system's words may be in another language: a file system with under 64 KiB free is full
                return Files.getFileStore(dir).getUsableSpace() < 64 * 1024;
            } catch (IOException | RuntimeException ignored) {
                return false;
            }
        }

        /** The file system, as the operating system names it: its mount point and device ("/srv/out (sda1)"). */
        static String device(Path dir) {
            try {
                return Files.getFileStore(dir).toString();
            } catch (IOException | RuntimeException e) {
                return "the device of " + dir;
            }
        }

        static String reason(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }

    /** Renders the files at the same time, one thread each: they share nothing but the (immutable) report. */
    private static void writeAll(Path dir, Path target, List<Output> outputs) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(outputs.size(), r -> {
            Thread t = new Thread(r, "render");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> written = new java.util.ArrayList<>();
            for (Output output : outputs) {
                written.add(pool.submit(() -> {
                    write(dir.resolve(output.name()), target, output.content());
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
            throw new WriteFailure(target, e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Switches {@code latest} to a revision (also used to finish a publication a crash interrupted). */
    public void pointLatestAt(Path revisionDir) throws IOException {
        AtomicFiles.link(publications.latestDir(), revisionDir);
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


    private static void writeFigures(Report report, java.io.OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CsvWriter csv = CsvWriter.builder().build(w);
        // one row per figure, with the period the figure is for (a breakdown's earlier years are earlier periods)
        csv.writeRecord("period", "table", "row", "column", "value", "table_label", "row_label", "column_header",
                "marker");
        for (ReportBuilder.Figure f : ReportBuilder.figureList(report)) {
            csv.writeRecord(f.period(), f.table(), f.row(), f.column(), f.value(), f.tableLabel(), f.rowLabel(),
                    f.columnHeader(), f.markers());
        }
        csv.flush();
        w.flush();
    }
}
