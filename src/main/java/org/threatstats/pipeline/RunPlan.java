package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.ingest.InputFile;
import org.threatstats.validation.DatasetSchema;
import org.threatstats.validation.InputInspector;
import org.threatstats.validation.Reject;

/**
 * What one run works on: the definition, the request, each input's fingerprint and slices, problems with whole
 * files, and the compiled schemas. The launching process makes it from the files; every step makes it again from
 * what the run persisted (its job parameters and {@link RunState#inputs()}), so no step depends on another's
 * memory, and a restart in another process sees the very same plan.
 *
 * @param endMonth the month that ends this run's years (the requested one, or the job's)
 */
public record RunPlan(JobDefinition definition, RunRequest request, int endMonth, Map<String, InputFile> inputs,
        List<Reject> fileProblems, Map<String, DatasetSchema> schemas) {

    /** Blocks of about 4 MB: what the ingest reads at a time, and what a chunk of its step is made of. */
    static final int BLOCK_SIZE = 4 << 20;

    /** Inspects and fingerprints the inputs (the longest part of a large run's start) and compiles the schemas. */
    public static RunPlan prepare(JobDefinition definition, RunRequest request) {
        if (request.yearEnding() != null && !definition.period().publishedFor(request.yearEnding().getMonth())) {
            throw new RequestException(definition.name() + " is published for years ending "
                    + definition.period().publishedMonths() + " (its job file's 'period'), not "
                    + request.yearEnding().getMonth().getDisplayName(java.time.format.TextStyle.FULL,
                            java.util.Locale.UK) + ": give --year-ending one of those months");
        }
        java.time.YearMonth next = definition.nextUpdateMonth();
        if (next != null && request.publishedOn() != null
                && next.isBefore(java.time.YearMonth.from(request.publishedOn()))) {
            throw new RequestException(definition.name() + "'s job file says 'next-update: "
                    + definition.nextUpdate() + "', which is before the publication date " + request.publishedOn()
                    + ": correct it, or remove it to have it worked out from the months in 'period.published'");
        }
        InputInspector.Inspection inspection = new InputInspector(BLOCK_SIZE).inspect(definition,
                request.inputDir());
        return of(definition, request, new RunState.Inputs(inspection.inputs(), inspection.problems()));
    }

    /** The plan of a run whose inputs were inspected already. */
    static RunPlan of(JobDefinition definition, RunRequest request, RunState.Inputs inputs) {
        int endMonth = request.yearEnding() != null ? request.yearEnding().getMonthValue()
                : definition.period().yearEnding().getValue();
        Map<String, DatasetSchema> schemas = new LinkedHashMap<>();
        for (DatasetDefinition d : definition.datasets()) {
            try {
                schemas.put(d.name(), new DatasetSchema(d, endMonth, request.runDate()));
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(e.getMessage(), e);
            }
        }
        return new RunPlan(definition, request, endMonth, inputs.files(), inputs.problems(), schemas);
    }

    public RunState.Inputs inspected() {
        return new RunState.Inputs(inputs, fileProblems);
    }

    public Path outputDir() {
        return request.outputDir();
    }

    /** The inputs that are there and have no problem with the whole file: those the ingest reads. */
    public Map<String, InputFile> presentInputs() {
        Map<String, InputFile> present = new LinkedHashMap<>();
        inputs.forEach((name, file) -> {
            if (file.present() && fileProblems.stream().noneMatch(p -> p.file().equals(file.fileName()))) {
                present.put(name, file);
            }
        });
        return present;
    }

    /** Each input's SHA-256 by dataset ("absent" when not supplied), as the manifest records them. */
    public Map<String, String> inputShas() {
        Map<String, String> shas = new TreeMap<>();
        inputs.forEach((name, file) -> shas.put(name, file.sha256()));
        return shas;
    }

    /** Where a run keeps its spools and its report until it is complete. */
    public Path workDir(long runId) {
        return request.workRoot().resolve(definition.name() + "-" + runId);
    }
}
