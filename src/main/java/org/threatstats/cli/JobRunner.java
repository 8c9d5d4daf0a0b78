package org.threatstats.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threatstats.DaemonThreads;
import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.ingest.InputSurvey;
import org.threatstats.pipeline.BatchEvents;
import org.threatstats.pipeline.IngestWarmUp;
import org.threatstats.pipeline.Progress;
import org.threatstats.pipeline.RunContext;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.pipeline.RunRequest;
import org.threatstats.pipeline.RunService;

/**
 * Runs a list of jobs the way {@code run} and the scheduler do: one process per output folder, each job on its
 * own (one job's failure or rejected input does not stop the others), one line per job, the summary written and
 * the operator's command called when a person must act. The exit code is the worst of the jobs'.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    record Options(Path output, Path inputDir, Path jobsDir, YearMonth period, LocalDate publishedOn, boolean force,
            boolean verbose) {
    }

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;

    JobRunner(Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** The job files that could be read, and a sentence for each that could not. */
    private record JobFiles(List<JobDefinition> definitions, List<String> problems) {
        int exitCode() {
            return problems.isEmpty() ? 0 : Cli.USAGE;
        }
    }

    private JobFiles load(List<String> names) {
        JobDefinitionLoader loader = new JobDefinitionLoader(options.jobsDir());
        List<JobDefinition> definitions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            try {
                definitions.add(loader.load(name));
            } catch (DefinitionException e) {
                problems.add("threatstats: " + name + ": bad job definition: " + e.getMessage());
            }
        }
        return new JobFiles(definitions, problems);
    }

    int run(List<String> names) throws Exception {
        String started = Instant.now().toString();
        Path output = options.output();
        JobDefinitionLoader loader = new JobDefinitionLoader(options.jobsDir());
        if (names.stream().noneMatch(name -> Files.isRegularFile(loader.file(name)))) {
            // no job to run (a mistyped name, say): say why, and leave the output folder alone
            JobFiles files = load(names);
            files.problems().forEach(err::println);
            return files.exitCode();
        }
        // on a core that would wait while the job files are read: SHA-256 made ready for the survey, then Spring
        // Batch's event classes for the launch
        DaemonThreads.named("hash warm-up").newThread(() -> {
            InputSurvey.warmUp();
            BatchEvents.load();
        }).start();
        // the job files are read while the output folder is locked and Spring's context starts
        ExecutorService reader = Executors.newSingleThreadExecutor(DaemonThreads.named("job files"));
        CompletableFuture<JobFiles> jobFiles = CompletableFuture.supplyAsync(() -> load(names), reader);
        reader.shutdown();
        try (OutputLock lock = OutputLock.acquire(output, "run " + String.join(" ", names))) {
            GracefulStop.begin();
            try {
                return runLocked(started, output, jobFiles);
            } finally {
                GracefulStop.done();
            }
        } catch (OutputLock.HeldException e) {
            JobFiles files = joined(jobFiles);
            files.problems().forEach(err::println);
            for (JobDefinition definition : files.definitions()) {
                err.println("threatstats: " + definition.name() + ": already running: " + e.getMessage());
            }
            return Math.max(files.exitCode(), RunOutcome.RUNNING);
        }
    }

    /** {@link #run} once this process holds the output folder. */
    private int runLocked(String started, Path output, CompletableFuture<JobFiles> jobFiles) throws Exception {
        List<RunSummary.JobLine> lines = new ArrayList<>();
        // Spring's context with the job repository starts while the job files are read and the inputs are
        // fingerprinted (SHA-256, partition boundaries): none of the three needs another, and on a large file
        // they take about as long as each other
        long opening = System.nanoTime();
        ExecutorService starter = Executors.newSingleThreadExecutor(DaemonThreads.named("repository"));
        CompletableFuture<Repository> repositoryOpened = CompletableFuture.supplyAsync(() -> Repository.open(output,
                options.verbose()), starter);
        starter.shutdown();
        JobFiles files;
        Map<String, Future<RunContext>> prepared = new LinkedHashMap<>();
        try {
            files = joined(jobFiles);
            files.problems().forEach(err::println);
            ExecutorService surveys = Executors.newSingleThreadExecutor(DaemonThreads.named("survey"));
            for (JobDefinition definition : files.definitions()) {
                RunRequest request = new RunRequest(definition.name(), options.period(),
                        options.inputDir().toAbsolutePath().normalize(), output, options.jobsDir(),
                        options.publishedOn(), options.force(), true);
                prepared.put(definition.name(), surveys.submit(() -> RunService.prepare(definition, request,
                        RunContext.Tuning.defaults(), output.resolve(".repository").resolve("work"),
                        Progress.to(err))));
            }
            surveys.shutdown();
        } catch (Throwable t) {
            // never leave the database half opened (HSQLDB may be creating its files) when giving up
            try {
                joined(repositoryOpened).close();
            } catch (Throwable closing) {
                t.addSuppressed(closing);
            }
            throw t;
        }
        int worst = files.exitCode();
        List<JobDefinition> definitions = files.definitions();
        Repository repository;
        try {
            repository = joined(repositoryOpened);
        } catch (RuntimeException e) {
            if (definitions.isEmpty()) {
                return worst;
            }
            // nothing can run: still tell the operator, in the summary and by the notify command
            String why = "failed: the job repository could not be opened: " + Messages.sentence(e);
            for (JobDefinition definition : definitions) {
                RunOutcome failed = failure(definition.name(), RunOutcome.FAILED, why);
                print(failed, output, 0, out, err);
                lines.add(RunSummary.JobLine.of(failed, 0, started));
            }
            RunSummary summary = RunSummary.of(started, Instant.now().toString(), RunOutcome.FAILED, lines);
            summary.write(output);
            Notifier.notify(Notifier.command(null), summary, output);
            return RunOutcome.FAILED;
        }
        try (repository) {
            if (definitions.isEmpty()) {
                return worst; // the repository was opened for nothing, and is closed cleanly
            }
            RunService service = repository.get(RunService.class);
            LOG.info("job repository ready in {} ms", (System.nanoTime() - opening) / 1_000_000);
            Future<RunContext> first = prepared.get(definitions.get(0).name());
            if (first != null && !first.isDone()) {
                // the first job's inputs are still being fingerprinted: ready the ingest's code meanwhile
                IngestWarmUp.run(definitions.get(0), options.inputDir().toAbsolutePath().normalize(), first::isDone);
            }
            for (JobDefinition definition : definitions) {
                if (!GracefulStop.during(() -> service.stopRunning(definition.name()))) {
                    break;
                }
                long start = System.nanoTime();
                String jobStarted = Instant.now().toString();
                RunOutcome outcome = runOne(service, definition, prepared.get(definition.name()));
                double seconds = (System.nanoTime() - start) / 1e9;
                print(outcome, output, seconds, out, err);
                lines.add(RunSummary.JobLine.of(outcome, seconds, jobStarted));
                worst = Math.max(worst, outcome.exitCode());
            }
            RunSummary summary = RunSummary.of(started, Instant.now().toString(), worst, lines);
            summary.write(output);
            Notifier.notify(Notifier.command(repository.property(Notifier.PROPERTY)), summary, output);
        }
        return worst;
    }

    /** The future's value, or the exception that computing it threw. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private RunOutcome runOne(RunService service, JobDefinition definition, Future<RunContext> prepared) {
        String name = definition.name();
        try {
            return service.run(get(prepared));
        } catch (DefinitionException e) {
            return failure(name, Cli.USAGE, "bad job definition: " + e.getMessage());
        } catch (Exception e) {
            if (options.verbose()) {
                e.printStackTrace(err);
            }
            return failure(name, RunOutcome.FAILED, "failed: " + Messages.sentence(e));
        }
    }

    private static RunOutcome failure(String job, int code, String message) {
        return new RunOutcome(job, "-", code == Cli.USAGE ? "BAD-DEFINITION" : "FAILED", code, message, List.of(),
                0, 0, 0, 0, List.of(), false);
    }

    /** The prepared run, or the exception that preparing it threw. */
    private static RunContext get(Future<RunContext> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@code job period: message (N records read, M rejected, 1.2 s)} and the files, one line per job. */
    static void print(RunOutcome o, Path output, double seconds, PrintWriter out, PrintWriter err) {
        PrintWriter w = o.exitCode() == 0 ? out : err;
        w.printf("%s %s: %s (%,d records read, %,d rejected, %.1f s)%n", o.job(), o.period(), o.message(),
                o.recordsRead(), o.recordsRejected(), seconds);
        for (String d : o.details()) {
            w.println("  " + d);
        }
        for (String f : o.files()) {
            out.println("  " + output.resolve(o.job()).resolve(o.period()).resolve("revision-" + o.revision())
                    .resolve(f));
        }
        w.flush();
    }
}
