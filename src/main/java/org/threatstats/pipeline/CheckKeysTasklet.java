package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.aggregate.Cube;
import org.threatstats.ingest.InputFile;
import org.threatstats.keys.LongSet;
import org.threatstats.keys.RepeatedKeys;
import org.threatstats.validation.DatasetSchema;
import org.threatstats.validation.RejectSpool;
import org.threatstats.validation.UniqueKeyCheck;

/**
 * Checks the unique keys of each dataset across all its partitions, from the key tokens the partitions spooled;
 * repeats are verified against the actual values in one more pass over the file.
 */
final class CheckKeysTasklet implements Tasklet {
    static final String STEP = "check-keys";

    private final RunPlans plans;
    private final JobRepository repository;

    CheckKeysTasklet(RunPlans plans, JobRepository repository) {
        this.plans = plans;
        this.repository = repository;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        RunPlan plan = plans.of(job);
        RunState state = RunState.of(job);
        for (Map.Entry<String, InputFile> e : plan.presentInputs().entrySet()) {
            DatasetSchema schema = plan.schemas().get(e.getKey());
            if (schema.keyCount() == 0) {
                continue;
            }
            RunState.Ingest ingest = state.ingest(e.getKey()).orElseThrow();
            List<LongSet> candidates = new ArrayList<>();
            for (int k = 0; k < schema.keyCount(); k++) {
                List<RepeatedKeys.Source> sources = new ArrayList<>();
                for (RunState.Partition p : ingest.partitions()) {
                    sources.add(new RepeatedKeys.Source(p.tokens().get(k), p.tokenLengths()[k], p.forms().get(k)));
                }
                candidates.add(RepeatedKeys.find(sources));
            }
            Path spoolPath = plan.workDir(job.getJobInstance().getInstanceId())
                    .resolve(STEP + "-" + e.getKey() + ".rejects.csv");
            Cube adjustments = new Cube(schema.cells());
            try (RejectSpool spool = new RejectSpool(spoolPath, 0, 0)) {
                UniqueKeyCheck.Result result = new UniqueKeyCheck(schema, e.getValue()).verify(candidates, spool,
                        (period, cell, weight) -> adjustments.add(period, cell, -weight));
                long length = spool.commit();
                state.putKeys(e.getKey(), new RunState.Keys(result.newlyRejectedRecords(),
                        result.newlyRejectedOutside(), adjustments.encode(), spoolPath, length));
            }
        }
        repository.updateExecutionContext(job);
        return RepeatStatus.FINISHED;
    }
}
