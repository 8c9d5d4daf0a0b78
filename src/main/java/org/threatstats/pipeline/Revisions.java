package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.threatstats.history.Publications;

/**
 * Revision numbers are never given twice: the next one is past every revision the output folder holds and every
 * one the job repository says was published, so neither a repository started afresh (whose runs know nothing of
 * the folders) nor a revision folder deleted by hand makes a run publish under a number readers have seen.
 */
final class Revisions {
    private Revisions() {
    }

    static int nextFree(JobRepository repository, RunPlans plans, Publications publications, Path outputDir,
            String job, String period) {
        List<Integer> folders = publications.revisions();
        int highest = folders.isEmpty() ? 0 : folders.get(folders.size() - 1);
        return Math.max(highest, highestPublished(repository, plans, outputDir, job, period)) + 1;
    }

    /**
     * The highest revision of a job's period that a completed run recorded as published into this output folder
     * (hosts sharing a repository publish into folders of their own), or 0.
     */
    static int highestPublished(JobRepository repository, RunPlans plans, Path outputDir, String job,
            String period) {
        int highest = 0;
        for (JobInstance instance : repository.getJobInstances(job, 0, Integer.MAX_VALUE)) {
            JobExecution last = repository.getLastJobExecution(instance);
            if (last == null || last.getStatus() != BatchStatus.COMPLETED || !plans.publishedInto(last,
                    outputDir)) {
                continue;
            }
            RunState state = RunState.of(last);
            if (state.verdict().filter(v -> period.equals(v.period())).isPresent()) {
                highest = Math.max(highest, state.published().map(RunState.Published::revision).orElse(0));
            }
        }
        return highest;
    }
}
