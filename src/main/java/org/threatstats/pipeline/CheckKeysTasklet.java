package org.threatstats.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.aggregate.LongSet;
import org.threatstats.validation.DatasetSchema;
import org.threatstats.validation.RejectSpool;
import org.threatstats.validation.UniqueKeyCheck;

/**
 * Checks the unique keys of one dataset across all its partitions. Keys of ranges read by an earlier process (a
 * restart after a crash) are read again first, so the check always covers the whole file.
 */
final class CheckKeysTasklet implements Tasklet {
    static final String REJECTED = "keys.rejectedRecords";
    static final String SPOOL_LENGTH = "keys.spoolLength";
    static final String ADJUSTMENTS = "keys.adjustments";
    static final String REJECTED_OUTSIDE = "keys.rejectedOutside";

    private final RunContext run;
    private final DatasetSchema schema;
    private final JobRepository repository;

    CheckKeysTasklet(RunContext run, DatasetSchema schema, JobRepository repository) {
        this.run = run;
        this.schema = schema;
        this.repository = repository;
    }

    static String stepName(String dataset) {
        return "check-keys-" + dataset;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var execution = chunkContext.getStepContext().getStepExecution();
        JobInstance instance = execution.getJobExecution().getJobInstance();
        var input = run.inputs().get(schema.name());
        UniqueKeyCheck check = new UniqueKeyCheck(schema, input);
        int keyCount = schema.uniqueKeyNames().size();
        KeyRegistry.Keys keys = run.keys().keys(schema.name(), keyCount);
        for (IngestResults.Partition p : IngestResults.load(repository, instance, run, schema.name(),
                schema.cells())) {
            // keys of what an earlier (crashed) process read are read again; the rest are here already
            KeyRegistry.Partition here = keys.partition(p.stepName());
            if (here == null || !here.isComplete()) {
                here = keys.start(p.stepName(), p.slice().end(), p.slice().lineEnds() + 1);
            }
            if (here.coveredFrom() > p.slice().start()) {
                check.addKeys(p.slice().start(), here.coveredFrom(), p.slice().firstLine(), keys, here);
            }
        }
        List<LongSet> candidates = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            candidates.add(keys.repeated(k));
        }
        run.keys().release(schema.name());
        ExecutionContext context = execution.getExecutionContext();
        try (RejectSpool spool = new RejectSpool(spoolPath(run, instance.getInstanceId(), schema.name()), 0, 0)) {
            UniqueKeyCheck.Result result = check.verify(candidates, spool);
            context.putLong(SPOOL_LENGTH, spool.commit());
            context.putLong(REJECTED, result.newlyRejectedRecords());
            context.putLong(REJECTED_OUTSIDE, result.newlyRejectedOutside());
            context.putString(ADJUSTMENTS, result.adjustments().encode());
        }
        return RepeatStatus.FINISHED;
    }

    static java.nio.file.Path spoolPath(RunContext run, long instanceId, String dataset) {
        return run.workDir(instanceId).resolve(stepName(dataset) + ".rejects.csv");
    }
}
