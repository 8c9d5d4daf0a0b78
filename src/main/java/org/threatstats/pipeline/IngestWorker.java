package org.threatstats.pipeline;

import java.nio.file.Path;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.aggregate.PartitionAggregator;
import org.threatstats.ingest.BlockPool;
import org.threatstats.ingest.CsvBlockReader;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.publish.RendererWarmUp;
import org.threatstats.validation.BlockResult;
import org.threatstats.validation.BlockValidator;
import org.threatstats.validation.DatasetSchema;

/**
 * The worker of a partitioned ingest step: read, validate, aggregate, chunk by chunk. Readers and writers hold a
 * partition's position and partial cube, so each partition execution gets its own, built here from the range in
 * its execution context (what {@code @StepScope} beans do for steps declared as beans; these steps are built from
 * a YAML definition at run time).
 */
final class IngestWorker implements Step {
    private final String name;
    private final RunContext run;
    private final DatasetSchema schema;
    private final InputFile input;
    private final JobRepository repository;
    private final PlatformTransactionManager transactions;

    IngestWorker(String name, RunContext run, DatasetSchema schema, InputFile input, JobRepository repository,
            PlatformTransactionManager transactions) {
        this.name = name;
        this.run = run;
        this.schema = schema;
        this.input = input;
        this.repository = repository;
        this.transactions = transactions;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void execute(StepExecution execution) throws JobInterruptedException {
        InputFile.Slice slice = SlicePartitioner.slice(execution.getExecutionContext());
        long resumedFrom = execution.getExecutionContext().getLong(CsvBlockReader.OFFSET, slice.start());
        KeyRegistry.Keys dataset = run.keys().keys(schema.name(), schema.uniqueKeyNames().size());
        KeyRegistry.Partition keys = dataset.start(execution.getStepName(), resumedFrom, slice.lineEnds() + 1);
        Path spool = spoolPath(run, execution.getJobExecution().getJobInstance().getInstanceId(),
                execution.getStepName());
        BlockPool pool = new BlockPool(run.tuning().blockSize());
        ChunkOrientedStep<RecordBlock, BlockResult> step = new StepBuilder(execution.getStepName(), repository)
                .<RecordBlock, BlockResult>chunk(run.tuning().chunkSize())
                .reader(new CsvBlockReader(input.path(), slice, input.size(), run.tuning().blockSize(), pool,
                        input.starts()))
                .processor(new BlockValidator(schema, input.fileName(), pool, dataset))
                .writer(new PartitionAggregator(schema.cells(), spool, keys, pool))
                .listener(new ItemWriteListener<BlockResult>() {
                    @Override
                    public void afterWrite(Chunk<? extends BlockResult> items) {
                        for (BlockResult b : items) {
                            run.progress().read(b.bytes(), b.records());
                        }
                    }
                })
                .transactionManager(transactions)
                .build();
        step.execute(execution);
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            keys.complete();
            if (slice.end() - slice.start() >= IngestWarmUp.MIN_FILE / 2) {
                // the first partition done leaves a core idle until the report is built: the renderers'
                // libraries can be got ready on it (on small inputs the renderers follow too soon to gain)
                RendererWarmUp.start();
            }
        }
    }

    static Path spoolPath(RunContext run, long jobInstanceId, String stepName) {
        return run.workDir(jobInstanceId).resolve(stepName.replace(':', '-') + ".rejects.csv");
    }
}
