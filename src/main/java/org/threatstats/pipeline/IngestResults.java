package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.aggregate.Cube;
import org.threatstats.aggregate.PartitionCounts;
import org.threatstats.ingest.InputFile;

/**
 * What the partitions of a dataset's ingest step saved, read back from the job repository. Partitions that
 * finished in an earlier (crashed) attempt are read from that attempt's step executions, so later steps see every
 * partition however many attempts it took.
 */
final class IngestResults {

    record Partition(String stepName, InputFile.Slice slice, PartitionCounts counts, Cube cube, long[][] totals,
            Path spool) {
    }

    private IngestResults() {
    }

    static String stepName(String dataset) {
        return "ingest-" + dataset;
    }

    static List<Partition> load(JobRepository repository, JobInstance instance, RunContext run, String dataset,
            int cells) {
        InputFile input = run.inputs().get(dataset);
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < input.slices().size(); i++) {
            String name = stepName(dataset) + ":" + SlicePartitioner.partitionName(i);
            StepExecution execution = repository.getLastStepExecution(instance, name);
            if (execution == null) {
                throw new IllegalStateException("no execution of " + name + " in the job repository");
            }
            ExecutionContext context = execution.getExecutionContext();
            Cube cube = context.containsKey(PartitionCounts.CUBE)
                    ? Cube.decode(context.getString(PartitionCounts.CUBE)) : new Cube(cells);
            partitions.add(new Partition(name, SlicePartitioner.slice(context), PartitionCounts.read(context), cube,
                    PartitionCounts.decodeTotals(context),
                    IngestWorker.spoolPath(run, instance.getInstanceId(), name)));
        }
        return partitions;
    }
}
