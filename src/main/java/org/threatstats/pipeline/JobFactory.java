package org.threatstats.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowJobBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.JobExecutionShutdownHook;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.ledger.Ledger;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.io.AtomicFiles;
import org.threatstats.validation.BlockResult;

/**
 * Builds the Spring Batch job of a run; one shape for every report, named after the report's job:
 * <pre>
 * ingest      partitioned by slices of every input: read, validate, aggregate (chunks of blocks)
 * check-keys  the unique keys across all partitions
 * verdict     -- REJECTED --&gt; end (nothing published, rejects.csv written)
 * measures    the format-neutral report, a file   -- UP-TO-DATE --&gt; end
 * publish     workbook and PDF, a new revision
 * </pre>
 * Everything specific to a report comes from its YAML file, through the run's {@link RunPlan}.
 */
@Component
public class JobFactory {
    /** Exit status of a run whose inputs broke a rule: nothing was published. */
    public static final String REJECTED = "REJECTED";
    /** Exit status of a run whose report equals the latest revision already published. */
    public static final String UP_TO_DATE = "UP-TO-DATE";
    /** Exit status of a run from changed inputs whose figures all equal the latest revision's: no new revision. */
    public static final String UNCHANGED = "UNCHANGED";
    static final String INGEST = "ingest";
    /** Blocks a chunk of the ingest commits together. */
    static final int CHUNK_BLOCKS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(JobFactory.class);

    private final RunPlans plans;
    private final Progress progress;
    private final TaskExecutor ingestExecutor;
    private final IngestPartitioner partitioner;
    private final IngestReader reader;
    private final IngestProcessor processor;
    private final IngestWriter writer;
    private final Ledger ledger;

    public JobFactory(RunPlans plans, Progress progress, TaskExecutor ingestExecutor, IngestPartitioner partitioner,
            IngestReader reader, IngestProcessor processor, IngestWriter writer, Ledger ledger) {
        this.ledger = ledger;
        ledger.prepare(); // before any step's transaction is open
        this.plans = plans;
        this.progress = progress;
        this.ingestExecutor = ingestExecutor;
        this.partitioner = partitioner;
        this.reader = reader;
        this.processor = processor;
        this.writer = writer;
    }

    /**
     * The job of a run, recorded in {@code repository} and stopped (on SIGTERM) through {@code operator}. Without
     * {@code plan.request().publish()} (the {@code validate} command) it stops after the verdict. The caller's
     * listeners hear of the job first.
     */
    public Job build(RunPlan plan, JobRepository repository, PlatformTransactionManager transactions,
            JobOperator operator, JobExecutionListener... listeners) {
        Step worker = new StepBuilder(INGEST, repository)
                .<RecordBlock, BlockResult>chunk(CHUNK_BLOCKS)
                .transactionManager(transactions)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
        Step ingest = new StepBuilder(INGEST, repository)
                .partitioner(INGEST, partitioner)
                .step(worker)
                .taskExecutor(ingestExecutor)
                .aggregator(new IngestAggregator(repository, plans))
                .listener(progress)
                .build();
        Step keys = tasklet(CheckKeysTasklet.STEP, new CheckKeysTasklet(plans, repository), repository,
                transactions);
        Step verdict = tasklet(VerdictTasklet.STEP, new VerdictTasklet(plans, repository), repository, transactions);
        FlowBuilder<FlowJobBuilder> flow = new JobBuilder(plan.definition().name(), repository).flow(ingest)
                .next(keys).next(verdict);
        flow.on(REJECTED).end(REJECTED);
        flow.from(verdict).on("FAILED").fail();
        if (plan.request().publish()) {
            Step measures = tasklet(MeasuresTasklet.STEP, new MeasuresTasklet(plans, repository, ledger), repository,
                    transactions);
            Step publish = tasklet(PublishTasklet.STEP, new PublishTasklet(plans, repository, ledger), repository,
                    transactions);
            flow.from(verdict).on("*").to(measures);
            flow.from(measures).on(UP_TO_DATE).end(UP_TO_DATE);
            flow.from(measures).on(UNCHANGED).end(UNCHANGED);
            flow.from(measures).on("FAILED").fail();
            flow.from(measures).on("*").to(publish);
        } else {
            flow.from(verdict).on("*").end();
        }
        FlowJobBuilder job = flow.end();
        for (JobExecutionListener l : listeners) {
            job.listener(l);
        }
        List<JobExecutionListener> own = new ArrayList<>();
        own.add(new InputsRecorder(plan, repository));
        own.add(new StopOnSignal(operator));
        own.add(new WorkFolderCleaner(plans));
        own.add(new FailureRecorder(repository));
        own.add(plans);
        own.forEach(job::listener);
        return job.build();
    }

    private static Step tasklet(String name, Tasklet tasklet, JobRepository repository,
            PlatformTransactionManager transactions) {
        return new StepBuilder(name, repository).tasklet(tasklet, transactions).build();
    }

    /**
     * Puts this process's inspection of the inputs into the run state as the job starts (a restart's too: same
     * SHA-256s, so the same slices, and the paths of this process) and, on the first attempt, the run's date, and
     * saves them at once.
     */
    private static final class InputsRecorder implements JobExecutionListener {
        private final RunPlan plan;
        private final JobRepository repository;

        InputsRecorder(RunPlan plan, JobRepository repository) {
            this.plan = plan;
            this.repository = repository;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            RunState state = RunState.of(execution);
            state.putInputs(plan.inspected());
            state.putRunDateIfAbsent(plan.request().runDate());
            state.putRunKeyIfAbsent();
            repository.updateExecutionContext(execution);
        }
    }

    /**
     * SIGTERM while the job runs: Spring Batch's shutdown hook asks the job to stop at its next chunk (it then ends
     * STOPPED, and the next start resumes it), and the JVM waits until it has.
     */
    private static final class StopOnSignal implements JobExecutionListener {
        private static final long WAIT_SECONDS = 120;
        private final JobOperator operator;
        private final CountDownLatch ended = new CountDownLatch(1);
        private Thread hook;

        StopOnSignal(JobOperator operator) {
            this.operator = operator;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            hook = new JobExecutionShutdownHook(execution, operator) {
                @Override
                public void run() {
                    super.run();
                    try {
                        ended.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void afterJob(JobExecution execution) {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running, and has just been told the job ended
            }
        }
    }

    /**
     * Keeps why a run failed, as the one sentence the operator was shown, in its state: the job repository keeps
     * no exceptions, and {@code history} reads it back.
     */
    private static final class FailureRecorder implements JobExecutionListener {
        private final JobRepository repository;

        FailureRecorder(JobRepository repository) {
            this.repository = repository;
        }

        @Override
        public void afterJob(JobExecution execution) {
            if (execution.getStatus() == BatchStatus.FAILED && !execution.getAllFailureExceptions().isEmpty()) {
                RunState.of(execution).putFailure(RunService.firstCause(execution));
                repository.updateExecutionContext(execution);
            }
        }
    }

    /** The spools and report of a finished run are no longer needed: its rejects are in rejects.csv. */
    private static final class WorkFolderCleaner implements JobExecutionListener {
        private final RunPlans plans;

        WorkFolderCleaner(RunPlans plans) {
            this.plans = plans;
        }

        @Override
        public void afterJob(JobExecution execution) {
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                return; // a failed run keeps them: its restart continues from them
            }
            Path dir = plans.of(execution).workDir(execution.getJobInstance().getInstanceId());
            try {
                AtomicFiles.deleteTree(dir);
            } catch (IOException | UncheckedIOException e) {
                // the run is complete and published: leftover spools are only untidy, and failing here would
                // keep the listeners registered before this one (the run's ownership) from hearing the end
                LOG.warn("could not remove the finished run's work folder {}: {}", dir, e.toString());
            }
        }
    }
}
