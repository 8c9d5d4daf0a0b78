package org.threatstats.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.threatstats.aggregate.Cube;
import org.threatstats.aggregate.PartitionCounts;
import org.threatstats.aggregate.PartitionTally;
import org.threatstats.ingest.InputFile;
import org.threatstats.validation.DatasetSchema;

/**
 * Merges the partitions of the ingest step, once all have completed, into one result per dataset in the run
 * state: the cube and counts summed, and each partition's spools for the later steps. Partitions that completed in
 * an earlier attempt (before a crash) are not run again, so every partition's last execution is read from the job
 * repository, not only this attempt's. The run state is saved before the step completes.
 */
final class IngestAggregator implements StepExecutionAggregator {
    private final JobRepository repository;
    private final RunPlans plans;
    private final StepExecutionAggregator counts = new DefaultStepExecutionAggregator();

    IngestAggregator(JobRepository repository, RunPlans plans) {
        this.repository = repository;
        this.plans = plans;
    }

    @Override
    public void aggregate(StepExecution result, Collection<StepExecution> executions) {
        counts.aggregate(result, executions);
        if (result.getStatus() != BatchStatus.STARTED && result.getStatus() != BatchStatus.COMPLETED) {
            return;
        }
        JobExecution job = result.getJobExecution();
        RunPlan plan = plans.of(job);
        RunState state = RunState.of(job);
        for (Map.Entry<String, InputFile> e : plan.presentInputs().entrySet()) {
            String dataset = e.getKey();
            DatasetSchema schema = plan.schemas().get(dataset);
            Cube cube = new Cube(schema.cells());
            PartitionCounts merged = PartitionCounts.empty();
            List<RunState.Partition> partitions = new ArrayList<>();
            for (int i = 0; i < e.getValue().slices().size(); i++) {
                String name = result.getStepName() + ":" + IngestPartitioner.name(dataset, i);
                StepExecution execution = repository.getLastStepExecution(job.getJobInstance(), name);
                if (execution == null || execution.getStatus() != BatchStatus.COMPLETED) {
                    throw new IllegalStateException("partition " + name + " has not completed");
                }
                RunState.PartitionContext partition = RunState.PartitionContext.of(execution);
                PartitionTally.State tally = partition.tally(schema.cells(), schema.keyCount());
                cube.addAll(Cube.decode(tally.cube()));
                merged = merged.merge(tally.counts());
                IngestPartition paths = new IngestPartition(plan, execution);
                partitions.add(new RunState.Partition(name, paths.rejectsSpool(), tally.rejectsLength(),
                        tally.rejects(), paths.tokenSpools(), tally.tokenLengths(),
                        partition.forms(schema.keyCount()), tally.totalRows(), tally.totalLines()));
            }
            state.putIngest(dataset, new RunState.Ingest(cube.encode(), merged, partitions));
        }
        repository.updateExecutionContext(job);
    }
}
