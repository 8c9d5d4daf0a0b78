package org.threatstats.pipeline;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.history.Publisher;
import org.threatstats.history.Tampering;
import org.threatstats.io.Problem;
import org.threatstats.publish.Wording;

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
    private final PlatformTransactionManager transactions;
    private final RunPlans plans;

    public RunService(JobRepository repository, JobOperator operator, JobFactory factory, RunOwners owners,
            PlatformTransactionManager transactions, RunPlans plans) {
        this.repository = repository;
        this.operator = operator;
        this.factory = factory;
        this.owners = owners;
        this.transactions = transactions;
        this.plans = plans;
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

    /**
     * The identifying parameters of a run: job, period, definition and every input's SHA-256, and the layout of
     * its {@link RunState} (a run left unfinished by a version that kept another layout is not resumed by this one:
     * the same inputs make a new run), with its folders as parameters that do not identify it.
     */
    public static JobParameters identity(RunPlan plan) {
        JobParametersBuilder b = new JobParametersBuilder(RunPlans.parameters(plan));
        b.addLong(RunState.FORMAT_KEY, (long) RunState.FORMAT);
        if (plan.request().force()) {
            b.addString(RunPlans.FORCED_AT, Instant.now().toString());
        }
        return b.toJobParameters();
    }

    /** Times a run whose creation the database cancelled is tried again before the command fails. */
    static final int START_ATTEMPTS = 3;

    public RunOutcome run(RunPlan run) throws Exception {
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

    private RunOutcome attempt(RunPlan run) throws Exception {
        JobParameters parameters = identity(run);
        String name = run.definition().name();
        String requested = run.request().yearEnding() == null ? "latest" : run.request().yearEnding().toString();
        JobInstance instance = repository.getJobInstance(name, parameters);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            Integer latest = republishAfter(run, last);
            if (latest == null) {
                RunOutcome missing = missingPublication(run, last);
                return missing != null ? missing : done(last, true);
            }
            // these inputs were published before, but a later revision (from other inputs) is the latest now:
            // going back to them is a correction like any other and publishes a new revision
            LOG.info("{}: the latest revision {} was made from other inputs; publishing these again", name, latest);
            parameters = new JobParametersBuilder(parameters).addLong(RunPlans.REPUBLISH_AFTER, (long) latest)
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
            LOG.info("restarting run {} of {} ({})", instance.getInstanceId(), name, requested);
        }
        AtomicBoolean began = new AtomicBoolean();
        // the first listener, so that any failure once the job has begun (even in another listener) counts as one
        Job job = factory.build(run, repository, transactions, operator, new JobExecutionListener() {
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
    private static Integer republishAfter(RunPlan run, JobExecution completed) {
        var verdict = RunState.of(completed).verdict();
        if (JobFactory.REJECTED.equals(completed.getExitStatus().getExitCode()) || verdict.isEmpty()
                || verdict.get().period() == null || run.request().force()) {
            return null;
        }
        Publications publications = new Publications(run.outputDir(), run.definition().name(),
                verdict.get().period());
        int stood = JobFactory.UNCHANGED.equals(completed.getExitStatus().getExitCode())
                ? RunState.of(completed).report().map(RunState.Report::revision).orElse(0) : 0;
        return publications.latest()
                .filter(m -> !m.sameSources(run.definition().fingerprint(), run.inputShas()))
                .filter(m -> m.revision() != stood) // these inputs found that revision unchanged: still so
                .map(Manifest::revision).orElse(null);
    }

    /**
     * For a run that completed earlier with these inputs: a failure when what it published is no longer in the
     * output folder as it left it (a revision folder or the latest link deleted by hand), or null. Saying "up to
     * date" then would be untrue; publishing again silently would hide what happened.
     */
    private RunOutcome missingPublication(RunPlan run, JobExecution completed) {
        RunOutcome earlier = done(completed, true);
        if (earlier.exitCode() != RunOutcome.OK || earlier.revision() == 0
                || !plans.publishedInto(completed, run.outputDir())) {
            return null; // nothing published, or published by another host into its own folder
        }
        Publications publications = new Publications(run.outputDir(), run.definition().name(), earlier.period());
        Tampering tampering = new Tampering(publications);
        String where = publications.periodDir().toString();
        Path latest = publications.latestDir();
        String problem;
        String forward = null;
        boolean there = Files.isDirectory(publications.revisionDir(earlier.revision()));
        Optional<String> foreign = tampering.foreignLatest();
        // each file of the revision against its manifest, read once, and only where the folder is there to read
        Optional<String> changed = there && foreign.isEmpty() ? tampering.mismatch(earlier.revision())
                : Optional.empty();
        if (!there) {
            problem = "revision " + earlier.revision() + " of the " + describe(earlier.period()) + ", made from "
                    + "these inputs by run " + earlier.runId() + ", is missing from " + where + " (deleted by hand?)";
        } else if (foreign.isPresent()) {
            problem = foreign.get();
            forward = "move it out of " + where + " and run the same command again";
        } else if (changed.isPresent()) {
            problem = changed.get();
            forward = "put the revision's files back from a copy, or";
        } else if (!Files.exists(latest, LinkOption.NOFOLLOW_LINKS)
                && publications.revisions().stream().allMatch(r -> r <= earlier.revision())) {
            // the link alone was lost, and the revision it must show is intact: putting it back overwrites nothing
            try {
                new Publisher(publications).pointLatestAt(publications.revisionDir(earlier.revision()));
            } catch (java.io.IOException e) {
                throw new Problem("the 'latest' link of " + where + " is missing and cannot be put back ("
                        + rootMessage(e) + ")", e);
            }
            LOG.warn("{}: put back the missing 'latest' link of {}", earlier.job(), where);
            return new RunOutcome(earlier.job(), earlier.period(), earlier.status(), earlier.exitCode(),
                    earlier.message() + "; put back the missing 'latest' link (deleted by hand?)", earlier.details(),
                    earlier.runId(), earlier.revision(), earlier.recordsRead(), earlier.recordsRejected(),
                    earlier.files(), false).withRecordsByFile(earlier.recordsByFile());
        } else if (!Files.exists(latest, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(latest)) {
            problem = "the 'latest' link of " + where + " is missing or points at a missing revision (deleted by "
                    + "hand?)";
        } else {
            return null;
        }
        int next = Revisions.nextFree(repository, plans, publications, run.outputDir(), run.definition().name(),
                earlier.period());
        String publishAgain = "run the same command with --force to publish these inputs as revision " + next;
        String way = forward == null ? publishAgain : forward.endsWith(" or") ? forward + " " + publishAgain : forward;
        return new RunOutcome(earlier.job(), earlier.period(), "FAILED", RunOutcome.FAILED, problem
                + "; nothing was written: " + way, List.of(), earlier.runId(), 0, earlier.recordsRead(),
                earlier.recordsRejected(), List.of(), false);
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
                o.recordsRead(), o.recordsRejected(), o.files(), true).withRecordsByFile(o.recordsByFile());
    }

    /** The outcome of an execution that has just finished. */
    public static RunOutcome outcome(JobExecution execution) {
        return done(execution, false);
    }

    /** The outcome of a finished execution, this one or an earlier one with the same identity. */
    static RunOutcome done(JobExecution execution, boolean earlier) {
        Map<String, Long> byFile = new LinkedHashMap<>();
        RunState.of(execution).verdict().ifPresent(v -> v.quality().forEach(q -> {
            if (q.present()) {
                byFile.put(q.file(), q.records());
            }
        }));
        return outcomeOf(execution, earlier).withRecordsByFile(byFile);
    }

    private static RunOutcome outcomeOf(JobExecution execution, boolean earlier) {
        RunState state = RunState.of(execution);
        Optional<RunState.Verdict> verdict = state.verdict();
        String job = execution.getJobInstance().getJobName();
        String period = verdict.map(RunState.Verdict::period).orElse(null);
        if (period == null) {
            period = String.valueOf(execution.getJobParameters().getString(RunPlans.PERIOD));
        }
        long runId = execution.getJobInstance().getInstanceId();
        long read = verdict.map(RunState.Verdict::recordsRead).orElse(0L);
        long rejected = verdict.map(RunState.Verdict::recordsRejected).orElse(0L);
        int revision = state.published().map(RunState.Published::revision)
                .or(() -> state.report().map(RunState.Report::revision)).orElse(0);
        List<String> files = new ArrayList<>(state.published().map(p -> p.files().keySet()).orElse(Set.of()));
        String exit = execution.getExitStatus().getExitCode();
        if (execution.getStatus() == BatchStatus.COMPLETED && JobFactory.REJECTED.equals(exit)) {
            List<String> sample = verdict.map(RunState.Verdict::rejectsSample).orElse(List.of());
            long total = verdict.map(RunState.Verdict::rejectsTotal).orElse(0L);
            String where = verdict.map(RunState.Verdict::rejectsFile).map(Object::toString).orElse("");
            String first = sample.isEmpty() ? "the inputs were rejected" : sample.get(0);
            // the first problem is in the message; the next few follow it, then how many more, and where all are
            List<String> details = new ArrayList<>(sample.isEmpty() ? List.of() : sample.subList(1, sample.size()));
            long more = total - sample.size();
            String all = where.isEmpty() ? "" : (total == 1 ? "listed in " : "all " + total + " listed in ") + where;
            if (more > 0) {
                details.add("... and " + more + " more problem" + (more > 1 ? "s" : "")
                        + (all.isEmpty() ? "" : ", " + all));
            } else if (!all.isEmpty()) {
                details.add(all);
            }
            String message = (earlier ? "these inputs were already rejected by run " + runId + ": " : "rejected: ")
                    + first + "; nothing was published";
            return new RunOutcome(job, period, JobFactory.REJECTED, RunOutcome.REJECTED, message, details, runId, 0,
                    read, rejected, List.of(), false);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED && JobFactory.UNCHANGED.equals(exit)) {
            String message = (earlier ? "up to date: " : "") + "inputs changed, no figure changed: revision "
                    + revision + " of the " + describe(period) + " stands (run " + runId + "); nothing written";
            return new RunOutcome(job, period, JobFactory.UNCHANGED, RunOutcome.OK, message, List.of(), runId,
                    revision, read, rejected, List.of(), false);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            boolean upToDate = earlier || JobFactory.UP_TO_DATE.equals(exit);
            String message = upToDate
                    ? "up to date: revision " + revision + " of the " + describe(period) + " was made from these "
                            + "inputs (run " + runId + "); nothing written"
                    : "published revision " + revision + " of the " + describe(period) + " (run " + runId + ")";
            return new RunOutcome(job, period, upToDate ? JobFactory.UP_TO_DATE : "COMPLETED", RunOutcome.OK,
                    message, List.of(), runId, revision, read, rejected, upToDate ? List.of() : files, false);
        }
        if (execution.getStatus() == BatchStatus.STOPPED && state.published().isPresent()) {
            // the stop came after the revision was in place: say what the public has, and what is left to do
            return new RunOutcome(job, period, "STOPPED", RunOutcome.FAILED, "published revision " + revision
                    + " of the " + describe(period) + " (run " + runId + "), then stopped before the run was "
                    + "recorded as finished; the same command again only finishes the record and publishes nothing "
                    + "more", List.of(), runId, revision, read, rejected, files, false);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return new RunOutcome(job, period, "STOPPED", RunOutcome.FAILED, "stopped before it finished (run "
                    + runId + "); run the same command again to resume it", List.of(), runId, 0, read, rejected,
                    List.of(), false);
        }
        String cause = firstCause(execution);
        return new RunOutcome(job, period, execution.getStatus().name(), RunOutcome.FAILED,
                "failed (run " + runId + "): " + cause + ". Once the cause is fixed (or if it was passing), the same "
                        + "command resumes the run where it stopped", List.of(), runId, 0, read, rejected, List.of(),
                false);
    }

    /**
     * Why an execution failed: a partition's own failure rather than the partitioned step's report that one of its
     * partitions failed, else the first failure recorded.
     */
    static String firstCause(JobExecution execution) {
        for (var step : execution.getStepExecutions()) {
            if (step.getStepName().contains(":") && !step.getFailureExceptions().isEmpty()) {
                return rootMessage(step.getFailureExceptions().get(0));
            }
        }
        return execution.getAllFailureExceptions().stream().findFirst().map(RunService::rootMessage)
                .or(() -> RunState.of(execution).failure())
                .orElse(execution.getExitStatus().getExitDescription());
    }

    private static String describe(String period) {
        try {
            return Wording.periodShort(YearMonth.parse(period));
        } catch (RuntimeException e) {
            return "period " + period;
        }
    }

    /**
     * The one sentence an operator can act on: the message of the outermost {@link Problem} of the chain, else of
     * the innermost cause.
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof Problem) {
                return root.getMessage(); // a sentence already: the lower-level cause stays for --verbose
            }
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
