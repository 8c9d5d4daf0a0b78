package org.threatstats.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowJobBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.ingest.InputFile;
import org.threatstats.publish.AtomicFiles;
import org.threatstats.validation.DatasetSchema;

/**
 * Builds the Spring Batch job of a run from its definition:
 * <pre>
 * ingest-&lt;dataset&gt; (partitioned, chunk-oriented: read, validate, aggregate)  for each dataset supplied
 * check-keys-&lt;dataset&gt;                                                       for each dataset with unique keys
 * verdict   -- REJECTED --&gt; end (nothing published, rejects.csv written)
 * measures  (the format-neutral report)
 * publish   (workbook and PDF, a new revision)
 * </pre>
 * One configuration for every report: everything specific to a report comes from its YAML file.
 */
@Component
public class JobFactory {
    private static final Logger LOG = LoggerFactory.getLogger(JobFactory.class);
    private final PlatformTransactionManager transactions;

    public JobFactory(PlatformTransactionManager transactions) {
        this.transactions = transactions;
    }

    /**
     * The job of a run. Without {@code request.publish()} (the {@code validate} command) it stops after the
     * verdict.
     */
    public Job build(RunContext run, JobRepository repository, JobExecutionListener... listeners) {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, InputFile> e : run.presentInputs().entrySet()) {
            if (!e.getValue().slices().isEmpty()) {
                steps.add(ingest(run, run.schemas().get(e.getKey()), e.getValue(), repository));
            }
        }
        for (Map.Entry<String, InputFile> e : run.presentInputs().entrySet()) {
            DatasetSchema schema = run.schemas().get(e.getKey());
            if (!schema.uniqueKeyNames().isEmpty() && !e.getValue().slices().isEmpty()) {
                steps.add(tasklet(CheckKeysTasklet.stepName(e.getKey()),
                        new CheckKeysTasklet(run, schema, repository), repository));
            }
        }
        Step verdict = tasklet("verdict", new VerdictTasklet(run, repository), repository);
        steps.add(verdict);
        FlowBuilder<FlowJobBuilder> flow = new JobBuilder(run.definition().name(), repository).flow(steps.get(0));
        for (int i = 1; i < steps.size(); i++) {
            flow = flow.next(steps.get(i));
        }
        flow.on(Verdict.REJECTED).end(Verdict.REJECTED);
        flow.from(verdict).on("FAILED").fail();
        if (!run.request().publish()) {
            flow.from(verdict).on("*").end();
            return withListeners(flow.end(), run, repository, listeners);
        }
        Step measures = tasklet("measures", new MeasuresTasklet(run), repository);
        Step publish = tasklet("publish", new PublishTasklet(run), repository);
        flow.from(verdict).on("*").to(measures);
        flow.from(measures).on(Verdict.UP_TO_DATE).end(Verdict.UP_TO_DATE);
        flow.from(measures).on("FAILED").fail();
        flow.from(measures).on("*").to(publish);
        return withListeners(flow.end(), run, repository, listeners);
    }

    private static Job withListeners(FlowJobBuilder job, RunContext run, JobRepository repository,
            JobExecutionListener... listeners) {
        // the caller's listeners first: they hear that the job began before anything else can fail
        for (JobExecutionListener l : listeners) {
            job.listener(l);
        }
        job.listener(new SliceRecorder(run, repository));
        job.listener(new WorkFolderCleaner(run));
        return job.build();
    }

    private Step ingest(RunContext run, DatasetSchema schema, InputFile input, JobRepository repository) {
        String name = IngestResults.stepName(schema.name());
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
        executor.setConcurrencyLimit(Math.max(1, run.tuning().partitions()));
        return new StepBuilder(name, repository)
                .listener(new IngestProgress(run.progress(), input))
                .partitioner(name, new SlicePartitioner(input.slices()))
                .step(new IngestWorker(name, run, schema, input, repository, transactions))
                .gridSize(input.slices().size())
                .taskExecutor(executor)
                .build();
    }

    private Step tasklet(String name, Tasklet tasklet, JobRepository repository) {
        return new StepBuilder(name, repository).tasklet(tasklet, transactions).build();
    }

    private static final String SLICES = "slices.";

    /** The partitions each input was cut into, as the first attempt of a run recorded them. */
    static Map<String, List<InputFile.Slice>> recordedSlices(ExecutionContext context) {
        Map<String, List<InputFile.Slice>> recorded = new LinkedHashMap<>();
        for (var entry : context.entrySet()) {
            if (entry.getKey().startsWith(SLICES)) {
                recorded.put(entry.getKey().substring(SLICES.length()), Json.read((String) entry.getValue(),
                        new TypeReference<List<InputFile.Slice>>() {
                        }));
            }
        }
        return recorded;
    }

    /**
     * Records, on a run's first attempt, where each input was cut into partitions: the partition steps' saved
     * positions are only meaningful for those same cuts, and a restart may happen on a machine with another
     * number of cores.
     *
     * <p>Listeners are classes, not records: Spring keeps them in hashed sets, and a record's hash would walk the
     * whole run context (definition, inputs, schemas), building each record type's hash method on first use.
     */
    private static final class SliceRecorder implements JobExecutionListener {
        private final RunContext run;
        private final JobRepository repository;

        SliceRecorder(RunContext run, JobRepository repository) {
            this.run = run;
            this.repository = repository;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            ExecutionContext context = execution.getExecutionContext();
            boolean added = false;
            for (var entry : run.presentInputs().entrySet()) {
                if (!context.containsKey(SLICES + entry.getKey())) {
                    context.putString(SLICES + entry.getKey(), Json.write(entry.getValue().slices()));
                    added = true;
                }
            }
            if (added) {
                // saved now, not after the first step: a crash during that step must not lose them
                repository.updateExecutionContext(execution);
            }
        }
    }

    /** The spools of a finished run are no longer needed: its rejects are in rejects.csv. */
    private static final class WorkFolderCleaner implements JobExecutionListener {
        private final RunContext run;

        WorkFolderCleaner(RunContext run) {
            this.run = run;
        }

        @Override
        public void afterJob(JobExecution execution) {
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                return; // a failed run keeps them: its restart continues from them
            }
            Path dir = run.workDir(execution.getJobInstance().getInstanceId());
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
