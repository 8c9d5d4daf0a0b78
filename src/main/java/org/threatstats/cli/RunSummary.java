package org.threatstats.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.threatstats.pipeline.RunOwners;
import org.threatstats.io.Json;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.io.AtomicFiles;

/**
 * What a run did, one entry per job, for the operator's morning: printed as one line per job and written as
 * {@code output/run-summary.json}. Each job's entry is also kept as {@code .repository/last-run/<job>.json}, which
 * is what {@code status} reads (without the repository, so it works while a run holds it).
 */
record RunSummary(String started, String finished, String host, int exitCode, List<JobLine> jobs) {

    static final String FILE = "run-summary.json";

    /** One job's result. */
    record JobLine(String job, String period, String status, int exitCode, int revision, long recordsRead,
            long recordsRejected, double seconds, List<String> files, String message, boolean recovered,
            String started) {

        static JobLine of(RunOutcome o, double seconds, String started) {
            return new JobLine(o.job(), o.period(), o.status(), o.exitCode(), o.revision(), o.recordsRead(),
                    o.recordsRejected(), Math.round(seconds * 10) / 10.0, o.files(), o.message(), o.recovered(),
                    started);
        }
    }

    static RunSummary of(String started, String finished, int exitCode, List<JobLine> jobs) {
        return new RunSummary(started, finished, RunOwners.host(), exitCode, jobs);
    }

    static Path lastRun(Path output, String job) {
        return output.resolve(".repository").resolve("last-run").resolve(job + ".json");
    }

    void write(Path output) throws IOException {
        byte[] json = Json.write(this).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(output.resolve(FILE), out -> out.write(json));
        for (JobLine line : jobs) {
            if ("RUNNING".equals(line.status())) {
                continue; // another process runs the job: its own result will be recorded, not "running"
            }
            byte[] one = Json.write(line).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(lastRun(output, line.job()), out -> out.write(one));
        }
    }

    boolean needsAPerson() {
        return jobs.stream().anyMatch(j -> j.exitCode() == RunOutcome.FAILED || j.exitCode() == RunOutcome.REJECTED
                || j.exitCode() == RunOutcome.USAGE);
    }
}
