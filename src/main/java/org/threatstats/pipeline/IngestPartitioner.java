package org.threatstats.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per slice of each input the run reads, named after its dataset and slice ({@code arrests-003}).
 * Slices depend only on the file's bytes, so a restart (on any machine) makes the same partitions, and Spring
 * Batch resumes the unfinished ones from their own contexts.
 */
public class IngestPartitioner implements Partitioner {
    private final RunPlan plan;

    IngestPartitioner(RunPlan plan) {
        this.plan = plan;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        plan.presentInputs().forEach((dataset, input) -> {
            for (int i = 0; i < input.slices().size(); i++) {
                partitions.put(name(dataset, i), new ExecutionContext());
            }
        });
        return partitions;
    }

    /** The name of a dataset's partition, and (after the step's name and a colon) of its step execution. */
    static String name(String dataset, int slice) {
        return String.format("%s-%03d", dataset, slice);
    }
}
