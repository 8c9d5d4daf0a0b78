package org.threatstats.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.JobDefinition;
import org.threatstats.ingest.CsvHeader;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.InputSurvey;
import org.threatstats.io.Hashes;

/**
 * Looks at every input before the run starts: presence, size, header, SHA-256, slices and blocks. Problems with a
 * whole file are collected (not thrown) so the run can be recorded in the history as rejected, with its reason.
 */
public final class InputInspector {
    private final InputSurvey survey;

    public InputInspector(int blockSize) {
        this.survey = new InputSurvey(blockSize);
    }

    public record Inspection(Map<String, InputFile> inputs, List<Reject> problems) {
    }

    public Inspection inspect(JobDefinition definition, Path inputDir) {
        Map<String, InputFile> inputs = new LinkedHashMap<>();
        List<Reject> problems = new ArrayList<>();
        for (DatasetDefinition dataset : definition.datasets()) {
            Path path = inputDir.resolve(dataset.file());
            try {
                inputs.put(dataset.name(), inspect(dataset, path, problems));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return new Inspection(inputs, problems);
    }

    private InputFile inspect(DatasetDefinition dataset, Path path, List<Reject> problems) throws IOException {
        String file = dataset.file();
        if (!Files.isRegularFile(path)) {
            if (dataset.required()) {
                problems.add(Reject.file(file, "file", "is missing: the job needs " + path
                        + " (dataset '" + dataset.name() + "')"));
            }
            return InputFile.absent(dataset.name(), path);
        }
        long size = Files.size(path);
        if (size > dataset.maxFileSize()) {
            problems.add(Reject.file(file, "size", "is " + size + " bytes, over the limit of " + dataset.maxFileSize()
                    + " bytes set by max-file-size for dataset '" + dataset.name() + "'"));
            return notRead(dataset, path, size);
        }
        CsvHeader header = CsvHeader.read(path, dataset.header());
        if (header.empty()) {
            problems.add(Reject.file(file, "empty", "is empty: it has no header and no records"));
            return notRead(dataset, path, size);
        }
        if (!header.ok()) {
            problems.add(new Reject(file, 1, "", String.join(",", header.names()), "header",
                    stripFileName(file, header.problem()), true));
            return notRead(dataset, path, size);
        }
        if (header.bodyStart() >= size && dataset.required()) {
            problems.add(Reject.file(file, "empty", "has a header but no records"));
            return notRead(dataset, path, size);
        }
        return survey.survey(dataset.name(), path, header);
    }

    /** A file that will not be read (its problem rejects the run): fingerprinted for the run's identity only. */
    private static InputFile notRead(DatasetDefinition dataset, Path path, long size) throws IOException {
        return new InputFile(dataset.name(), path, true, size, Files.getLastModifiedTime(path).toMillis(),
                Hashes.sha256(path), List.of());
    }

    /** Header messages start with the file name; a Reject adds it again when printed. */
    private static String stripFileName(String file, String message) {
        return message.startsWith(file + " ") ? message.substring(file.length() + 1) : message;
    }
}
