package org.threatstats.validation;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.writer.CsvWriter;

import org.threatstats.io.AtomicFiles;

/**
 * {@code rejects.csv}: every bad record, one row per problem (line, column, value as found, rule, message),
 * written to a temporary file and moved into place only when complete. Values that a spreadsheet would take for
 * a formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe, so opening the report in
 * Excel can never run what a supplier's file contained.
 */
public final class RejectsReport implements AutoCloseable {
    public static final String FILE_NAME = "rejects.csv";
    private static final int SAMPLE = 5;

    private final Path target;
    private final Path temp;
    private final Writer writer;
    private final CsvWriter csv;
    private final List<Reject> first = new ArrayList<>();
    private long count;
    private boolean committed;

    public RejectsReport(Path target) {
        this.target = target;
        this.temp = AtomicFiles.temporary(target);
        try {
            Files.createDirectories(target.getParent());
            writer = new OutputStreamWriter(Files.newOutputStream(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        csv = CsvWriter.builder().build(writer);
        csv.writeRecord("file", "line", "column", "value", "rule", "message");
    }

    public void add(Reject r) {
        csv.writeRecord(r.file(), r.line() > 0 ? Long.toString(r.line()) : "", r.column(), defuse(r.value()),
                r.rule(), r.message());
        if (first.size() < SAMPLE) {
            first.add(r);
        }
        count++;
    }

    public long count() {
        return count;
    }

    /** The first few rejects, for the message on stderr. */
    public List<Reject> first() {
        return first;
    }

    public Path path() {
        return target;
    }

    public void commit() {
        try {
            csv.close();
            AtomicFiles.fsync(temp);
            AtomicFiles.move(temp, target);
            AtomicFiles.fsyncDirectory(target.getParent());
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                csv.close();
            } catch (IOException | UncheckedIOException e) {
                // closing flushes what is buffered, which a full disk refuses: the file is deleted all the same
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + temp, e);
                }
            }
        }
    }

    /** Text a spreadsheet could evaluate, made inert. */
    public static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }
}
