package org.threatstats.pipeline;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.core.type.TypeReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.threatstats.aggregate.KeyRegistry;
import org.threatstats.definition.DatasetDefinition;
import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.history.RunOwners;
import org.threatstats.publish.Wording;
import org.threatstats.validation.DatasetQuality;
import org.threatstats.validation.DatasetSchema;

/**
 * Runs one job for one period: works out the run's identity from its inputs, then starts it, restarts it (after a
 * failure or a crash) or reports that it is already done. The caller holds the output folder's lock.
 */
@Service
public class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final JobRepository repository;
    private final JobOperator operator;
    private final JobFactory factory;
    private final RunOwners owners;

    public RunService(JobRepository repository, JobOperator operator, JobFactory factory, RunOwners owners) {
        this.repository = repository;
        this.operator = operator;
        this.factory = factory;
        this.owners = owners;
        owners.whenLost(this::stop);
    }

    private void stop(long executionId) {
        JobExecution execution = repository.getJobExecution(executionId);
        if (execution != null && execution.isRunning()) {
            try {
                operator.stop(execution);
            } catch (Exception e) {
                LOG.warn("could not stop execution {}: {}", executionId, e.toString());
            }
        }
    }

    /** The identifying parameters of a run: job, period, definition and every input's SHA-256. */
    public static JobParameters identity(RunContext run) {
        JobParametersBuilder b = new JobParametersBuilder();
        b.addString("job", run.definition().name());
        b.addString("period", run.request().yearEnding() == null ? "latest" : run.request().yearEnding().toString());
        b.addString("definition.sha256", run.definition().fingerprint());
        run.inputs().forEach((name, file) -> b.addString("input." + name + ".sha256", file.sha256()));
        if (run.request().force()) {
            b.addString("forced-at", Instant.now().toString());
        }
        b.addString("input-dir", run.request().inputDir().toString(), false);
        b.addString("output-dir", run.request().outputDir().toString(), false);
        b.addString("published-on", run.request().publishedOn().toString(), false);
        return b.toJobParameters();
    }

    public static RunContext prepare(JobDefinition definition, RunRequest request, RunContext.Tuning tuning,
            java.nio.file.Path workRoot, Progress progress) {
        int endMonth = request.yearEnding() != null ? request.yearEnding().getMonthValue()
                : definition.period().yearEnding().getValue();
        InputInspector.Inspection inspection = new InputInspector(tuning.partitions(), tuning.blockSize())
                .inspect(definition, request.inputDir());
        Map<String, DatasetSchema> schemas = new LinkedHashMap<>();
        for (DatasetDefinition d : definition.datasets()) {
            try {
                schemas.put(d.name(), new DatasetSchema(d, endMonth));
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(e.getMessage(), e);
            }
        }
        return new RunContext(definition, request, endMonth, inspection.inputs(), inspection.problems(), schemas,
                new KeyRegistry(), new BuiltReports(), tuning, workRoot, progress);
    }

    /** Times a run whose creation the database cancelled is tried again before the command fails. */
    static final int START_ATTEMPTS = 3;

    public RunOutcome run(RunContext run) throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                return attempt(run);
            } catch (StartCancelled e) {
                if (attempt == START_ATTEMPTS) {
                    throw e.getCause();
                }
                LOG.info("{}: the repository cancelled creating the run ({}); trying again",
                        run.definition().name(), rootMessage(e.getCause()));
                Thread.sleep(50 + ThreadLocalRandom.current().nextInt(200));
            }
        }
    }

    /**
     * The repository cancelled creating this process's run before the job began: PostgreSQL's serializable
     * isolation does that when another process creates a run (this one or another) at the same moment ("could
     * not serialize access ... might succeed if retried"). Trying again finds the other run, or creates this one.
     */
    private static final class StartCancelled extends Exception {
        StartCancelled(PessimisticLockingFailureException cause) {
            super(cause);
        }

        @Override
        public synchronized PessimisticLockingFailureException getCause() {
            return (PessimisticLockingFailureException) super.getCause();
        }
    }

    private RunOutcome attempt(RunContext run) throws Exception {
        JobParameters parameters = identity(run);
        String name = run.definition().name();
        String requested = run.request().yearEnding() == null ? "latest" : run.request().yearEnding().toString();
        JobInstance instance = repository.getJobInstance(name, parameters);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            Integer latest = republishAfter(run, last);
            if (latest == null) {
                return done(last, true);
            }
            // these inputs were published before, but a later revision (from other inputs) is the latest now:
            // going back to them is a correction like any other and publishes a new revision
            LOG.info("{}: the latest revision {} was made from other inputs; publishing these again", name, latest);
            parameters = new JobParametersBuilder(parameters).addLong("republish.after", (long) latest)
                    .toJobParameters();
            instance = repository.getJobInstance(name, parameters);
            last = instance == null ? null : repository.getLastJobExecution(instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                return done(last, true);
            }
        }
        boolean recovered = false;
        if (instance != null) {
            if (last == null) {
                // another process has just created the run and is about to start it
                return running(name, requested, instance.getInstanceId(), "another process is starting it");
            }
            if (last.isRunning()) {
                String dead = owners.whyDead(last);
                if (dead == null) {
                    return running(name, requested, instance.getInstanceId(), owners.describe(last));
                }
                LOG.warn("run {} of {} was left {}, but {}: recovering it", instance.getInstanceId(), name,
                        last.getStatus(), dead);
                owners.disown(last.getId());
                operator.recover(last);
                recovered = true;
            }
            // a restart reads the partitions the first attempt cut, whatever this machine's core count
            run = run.withSlices(JobFactory.recordedSlices(last.getExecutionContext()));
            LOG.info("restarting run {} of {} ({})", instance.getInstanceId(), name, requested);
        }
        AtomicBoolean began = new AtomicBoolean();
        // the first listener, so that any failure once the job has begun (even in another listener) counts as one
        Job job = factory.build(run, repository, new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                began.set(true);
            }
        }, owners.listener());
        JobExecution execution;
        try {
            execution = operator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException | DataIntegrityViolationException e) {
            // another process (sharing the repository) started the same run a moment before this one
            return running(name, requested, instance == null ? 0 : instance.getInstanceId(), "another process");
        } catch (PessimisticLockingFailureException e) {
            if (began.get()) {
                throw e; // a failure of the job itself
            }
            throw new StartCancelled(e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("Cannot find any job execution for job instance")) {
                return running(name, requested, instance == null ? 0 : instance.getInstanceId(),
                        "another process is starting it");
            }
            throw e;
        }
        RunOutcome outcome = done(execution, false);
        return recovered ? withRecovered(outcome) : outcome;
    }

    /**
     * For a run that completed earlier: the number of the latest revision of its period when that revision was
     * made from other inputs (so these must be published again), or null when it is still the latest.
     */
    private static Integer republishAfter(RunContext run, JobExecution completed) {
        ExecutionContext context = completed.getExecutionContext();
        if (Verdict.REJECTED.equals(completed.getExitStatus().getExitCode()) || !context.containsKey(Verdict.PERIOD)
                || run.request().force()) {
            return null;
        }
        Publications publications = new Publications(run.outputDir(), run.definition().name(),
                context.getString(Verdict.PERIOD));
        return publications.latest()
                .filter(m -> !m.sameSources(run.definition().fingerprint(), MeasuresTasklet.inputShas(run)))
                .map(Manifest::revision).orElse(null);
    }

    private static RunOutcome running(String job, String period, long runId, String who) {
        return new RunOutcome(job, period, "RUNNING", RunOutcome.RUNNING, "already running (" + who
                + "); this run does nothing", List.of(), runId, 0, 0, 0, List.of(), false);
    }

    /**
     * Asks the executions of a job that this process is running to stop at their next chunk, leaving them
     * restartable. Executions of the same job run by another process (another host sharing the repository) are
     * left alone.
     */
    public void stopRunning(String job) {
        for (JobExecution execution : repository.findRunningJobExecutions(job)) {
            if (!owners.isMine(execution.getId())) {
                continue;
            }
            try {
                LOG.warn("stopping run execution {} of {}", execution.getId(), job);
                operator.stop(execution);
            } catch (Exception e) {
                LOG.warn("could not stop execution {}: {}", execution.getId(), e.toString());
            }
        }
    }

    private static RunOutcome withRecovered(RunOutcome o) {
        return new RunOutcome(o.job(), o.period(), o.status(), o.exitCode(),
                "recovered an interrupted run and " + o.message(), o.details(), o.runId(), o.revision(),
                o.recordsRead(), o.recordsRejected(), o.files(), true);
    }

    /** The outcome of an execution that has just finished. */
    public static RunOutcome outcome(JobExecution execution) {
        return done(execution, false);
    }

    /** The outcome of a finished execution, this one or an earlier one with the same identity. */
    static RunOutcome done(JobExecution execution, boolean earlier) {
        ExecutionContext context = execution.getExecutionContext();
        String job = execution.getJobInstance().getJobName();
        String period = context.containsKey(Verdict.PERIOD) ? context.getString(Verdict.PERIOD)
                : String.valueOf(execution.getJobParameters().getString("period"));
        long runId = execution.getJobInstance().getInstanceId();
        long read = 0;
        long rejected = 0;
        if (context.containsKey(Verdict.QUALITY)) {
            for (DatasetQuality q : Json.read(context.getString(Verdict.QUALITY),
                    new TypeReference<List<DatasetQuality>>() {
                    })) {
                read += q.records();
                rejected += q.rejectedRecords();
            }
        }
        int revision = context.containsKey(Verdict.REVISION) ? context.getInt(Verdict.REVISION) : 0;
        List<String> files = new ArrayList<>();
        if (context.containsKey(Verdict.OUTPUTS)) {
            files.addAll(Json.read(context.getString(Verdict.OUTPUTS), new TypeReference<Map<String, String>>() {
            }).keySet());
        }
        String exit = execution.getExitStatus().getExitCode();
        if (execution.getStatus() == BatchStatus.COMPLETED && Verdict.REJECTED.equals(exit)) {
            List<String> details = new ArrayList<>(Json.read(context.getString(Verdict.REJECTS_SAMPLE),
                    new TypeReference<List<String>>() {
                    }));
            long total = context.getLong(Verdict.REJECTS_TOTAL, 0);
            String where = context.containsKey(Verdict.REJECTS_FILE) ? context.getString(Verdict.REJECTS_FILE) : "";
            String first = details.isEmpty() ? "the inputs were rejected" : details.get(0);
            if (total > 1) {
                details.add("... and " + (total - 1) + " more problem" + (total > 2 ? "s" : "")
                        + (where.isEmpty() ? "" : ", all listed in " + where));
            } else if (!where.isEmpty()) {
                details.add("listed in " + where);
            }
            String message = (earlier ? "these inputs were already rejected by run " + runId + ": " : "rejected: ")
                    + first + "; nothing was published";
            return new RunOutcome(job, period, Verdict.REJECTED, RunOutcome.REJECTED, message, details, runId, 0,
                    read, rejected, List.of(), false);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            boolean upToDate = earlier || Verdict.UP_TO_DATE.equals(exit);
            String message = upToDate
                    ? "up to date: revision " + revision + " of the " + describe(period) + " was made from these "
                            + "inputs (run " + runId + "); nothing written"
                    : "published revision " + revision + " of the " + describe(period) + " (run " + runId + ")";
            return new RunOutcome(job, period, upToDate ? Verdict.UP_TO_DATE : "COMPLETED", RunOutcome.OK, message,
                    List.of(), runId, revision, read, rejected, upToDate ? List.of() : files, false);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return new RunOutcome(job, period, "STOPPED", RunOutcome.FAILED, "stopped before it finished (run "
                    + runId + "); run the same command again to resume it", List.of(), runId, 0, read, rejected,
                    List.of(), false);
        }
        String cause = execution.getAllFailureExceptions().stream().findFirst().map(RunService::rootMessage)
                .orElse(execution.getExitStatus().getExitDescription());
        return new RunOutcome(job, period, execution.getStatus().name(), RunOutcome.FAILED,
                "failed (run " + runId + "): " + cause + ". Once the cause is fixed (or if it was passing), the same "
                        + "command resumes the run where it stopped", List.of(), runId, 0, read, rejected, List.of(),
                false);
    }

    private static String describe(String period) {
        try {
            return Wording.periodShort(YearMonth.parse(period));
        } catch (RuntimeException e) {
            return "period " + period;
        }
    }

    /** The message of the innermost cause: the one sentence an operator can act on. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
