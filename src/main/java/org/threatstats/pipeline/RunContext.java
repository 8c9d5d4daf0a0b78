package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.definition.JobDefinition;
import org.threatstats.ingest.InputFile;
import org.threatstats.validation.DatasetSchema;
import org.threatstats.validation.Reject;

/**
 * Everything one run needs, worked out before the job starts: the definition, each input's fingerprint and slices,
 * problems with whole files, and the compiled schemas. A restarted run rebuilds it from the same inputs, so it
 * is never stored; what a step must hand to a later one goes into the job's execution context instead.
 *
 * @param endMonth the month that ends this run's years (the requested one, or the job's)
 * @param keys     the unique keys the ingest saw, for the uniqueness check (this process only)
 * @param reports  the reports this process built (this process only)
 * @param workRoot where unfinished runs keep their spools
 * @param progress where long ingests report how far they are
 */
public record RunContext(JobDefinition definition, RunRequest request, int endMonth, Map<String, InputFile> inputs,
        List<Reject> fileProblems, Map<String, DatasetSchema> schemas, KeyRegistry keys, BuiltReports reports,
        Tuning tuning, Path workRoot, Progress progress) {

    /** Sizes that trade memory for speed; the defaults suit a 2-core machine with a few GB. */
    public record Tuning(int partitions, int blockSize, int chunkSize) {
        /** One partition per core (or {@code -Dthreatstats.partitions=N}), 4 MB blocks, 4 blocks a chunk. */
        public static Tuning defaults() {
            int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
            return new Tuning(Integer.getInteger("threatstats.partitions", cores), 4 << 20, 4);
        }
    }

    /** This run with the partitions an earlier attempt recorded (by dataset), so a restart reads the same ones. */
    public RunContext withSlices(Map<String, List<InputFile.Slice>> recorded) {
        Map<String, InputFile> files = new LinkedHashMap<>(inputs);
        recorded.forEach((dataset, slices) -> files.computeIfPresent(dataset, (d, f) -> f.withSlices(slices)));
        return new RunContext(definition, request, endMonth, files, fileProblems, schemas, keys, reports, tuning,
                workRoot, progress);
    }

    public Path outputDir() {
        return request.outputDir();
    }

    public Path repositoryDir() {
        return request.outputDir().resolve(".repository");
    }

    /** Spools and other files a run keeps while it is unfinished (beside the job repository for real runs). */
    public Path workDir(long jobInstanceId) {
        return workRoot.resolve(definition.name() + "-" + jobInstanceId);
    }

    public Map<String, InputFile> presentInputs() {
        Map<String, InputFile> present = new LinkedHashMap<>();
        inputs.forEach((name, file) -> {
            if (file.present() && fileProblems.stream().noneMatch(p -> p.file().equals(file.fileName()))) {
                present.put(name, file);
            }
        });
        return present;
    }
}
