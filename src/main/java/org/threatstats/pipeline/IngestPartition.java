package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.step.StepExecution;
import org.threatstats.ingest.BlockPool;
import org.threatstats.ingest.InputFile;
import org.threatstats.validation.DatasetSchema;

/**
 * One partition execution of the ingest step, as its reader, processor and writer share it (a step-scoped bean:
 * one per partition execution): the dataset and slice it reads, the compiled schema, the block buffers the
 * three hand to each other, and where its spools are.
 */
public class IngestPartition {
    private final RunPlan plan;
    private final StepExecution step;
    /**
     * The buffers of the partitions that run on a thread: a partition's reader, processor and writer all run on
     * its thread, and the next partition on that thread reuses them instead of allocating its slice's size again.
     */
    private static final ThreadLocal<BlockPool> POOLS = ThreadLocal.withInitial(
            () -> new BlockPool(RunPlan.BLOCK_SIZE));

    private final String dataset;
    private final int slice;

    IngestPartition(RunPlan plan, StepExecution step) {
        this.plan = plan;
        this.step = step;
        // the partition's name says which slice it reads ("ingest:arrests-003"), so a partition whose context was
        // never written (a crash between Spring Batch creating its execution and saving its context) knows too
        String key = step.getStepName().substring(step.getStepName().indexOf(':') + 1);
        int dash = key.lastIndexOf('-');
        this.dataset = key.substring(0, dash);
        this.slice = Integer.parseInt(key.substring(dash + 1));
    }

    public InputFile input() {
        return plan.inputs().get(dataset);
    }

    public InputFile.Slice slice() {
        return input().slices().get(slice);
    }

    public DatasetSchema schema() {
        return plan.schemas().get(dataset);
    }

    public BlockPool pool() {
        return POOLS.get();
    }

    public int keys() {
        return schema().keyCount();
    }

    public Path rejectsSpool() {
        return spools(plan, step).resolve(fileName(step) + ".rejects.csv");
    }

    public List<Path> tokenSpools() {
        List<Path> spools = new ArrayList<>();
        for (int k = 0; k < keys(); k++) {
            spools.add(spools(plan, step).resolve(fileName(step) + ".keys-" + k));
        }
        return spools;
    }

    private static Path spools(RunPlan plan, StepExecution step) {
        return plan.workDir(step.getJobExecution().getJobInstance().getInstanceId());
    }

    private static String fileName(StepExecution step) {
        return step.getStepName().replace(':', '-');
    }
}
