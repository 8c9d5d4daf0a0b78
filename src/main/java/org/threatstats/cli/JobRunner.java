package org.threatstats.cli;

import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.ledger.Ledger;
import org.threatstats.ledger.Releases;
import org.threatstats.pipeline.Progress;
import org.threatstats.pipeline.RequestException;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.pipeline.RunPlan;
import org.threatstats.pipeline.RunRequest;
import org.threatstats.pipeline.RunService;

/**
 * Runs a list of jobs the way {@code run} and the scheduler do: each job on its own (one job's failure or rejected
 * input does not stop the others), one line per job, the summary written and the operator's command called when a
 * person must act. The exit code is the worst of the jobs'. The caller holds the output folder.
 */
final class JobRunner {
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

    /** The job files that could be read, and what is wrong with each that could not (by job name). */
    private record JobFiles(List<JobDefinition> definitions, Map<String, String> problems) {
        int exitCode() {
            return problems.isEmpty() ? 0 : Cli.USAGE;
        }

        void print(PrintWriter err) {
            problems.forEach((name, problem) -> err.println("threatstats: " + name + ": " + problem));
        }
    }

    private JobFiles load(List<String> names) {
        JobDefinitionLoader loader = new JobDefinitionLoader(options.jobsDir());
        List<JobDefinition> definitions = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : names) {
            try {
                definitions.add(loader.load(name));
            } catch (DefinitionException e) {
                problems.put(name, "bad job definition: " + e.getMessage());
            }
        }
        return new JobFiles(definitions, problems);
    }

    /** Runs the jobs in a process of their own: locks the output folder and opens the job repository. */
    int run(List<String> names) throws Exception {
        JobDefinitionLoader loader = new JobDefinitionLoader(options.jobsDir());
        JobFiles files = load(names);
        files.print(err);
        if (files.definitions().isEmpty() && names.stream().noneMatch(n -> Files.isRegularFile(loader.file(n)))) {
            return files.exitCode(); // no job to run (a mistyped name, say): leave the output folder alone
        }
        Finished finished;
        try (OutputLock lock = OutputLock.acquire(options.output(), "run " + String.join(" ", names))) {
            GracefulStop.begin();
            try {
                finished = runLocked(files, null, lock);
            } finally {
                GracefulStop.done();
            }
        } catch (OutputLock.HeldException e) {
            for (JobDefinition definition : files.definitions()) {
                err.println("threatstats: " + definition.name() + ": already running: " + e.getMessage());
            }
            return Math.max(files.exitCode(), RunOutcome.RUNNING);
        }
        // the folder is free again: a slow notify command holds up nobody's run
        finished.notifyOperator(options.output());
        return finished.exitCode();
    }

    /** Runs the jobs with a job repository the caller keeps open (the scheduler's), which holds the folder. */
    int run(List<String> names, Repository repository, OutputLock lock) throws Exception {
        JobFiles files = load(names);
        files.print(err);
        Finished finished = runLocked(files, repository, lock);
        finished.notifyOperator(options.output());
        return finished.exitCode();
    }

    /** What a list of runs ended with, and whom to tell (a summary of null: nothing was run). */
    private record Finished(int exitCode, RunSummary summary, String command, Duration timeout) {
        void notifyOperator(Path output) {
            if (summary != null) {
                Notifier.notify(command, timeout, summary, output);
            }
        }
    }

    /**
     * Carries out the job's releases whose time has come (before the run, so its [r] compares with what the public
     * has), and says so; a release that cannot be made is said, and the run goes on.
     */
    static void releaseDue(Repository repository, Path output, String job, PrintWriter out) {
        try {
            Releases releases = repository.get(Releases.class);
            Ledger ledger = repository.get(Ledger.class);
            List<Ledger.Release> done = releases.releaseDue(output, job, LocalDateTime.now());
            for (Ledger.Release r : done) {
                out.println(releasedLine(r));
            }
            if (!done.isEmpty()) {
                ReleaseCommand.writeReleaseFile(output, job, ledger.releases(output, job));
            }
        } catch (IOException | RuntimeException e) {
            out.printf("%s: a release is due but could not be made: %s%n", job, Messages.sentence(e));
        }
        out.flush();
    }

    /** "annual-threat-report 2025-03: released revision 1 (assured by A, approved by B)" */
    static String releasedLine(Ledger.Release r) {
        return String.format("%s %s: released revision %d (assured by %s, approved by %s)", r.job(), r.period(),
                r.revision(), r.assuredBy(), r.approvedBy());
    }

    private Finished runLocked(JobFiles files, Repository open, OutputLock lock) throws Exception {
        String started = Instant.now().toString();
        Path output = options.output();
        int worst = files.exitCode();
        List<JobDefinition> definitions = files.definitions();
        List<RunSummary.JobLine> lines = new ArrayList<>();
        // a job file that cannot be read is a job that did not run: the summary (and the operator) must say so
        files.problems().forEach((name, problem) -> lines.add(RunSummary.JobLine.of(failure(name, Cli.USAGE,
                problem), 0, started)));
        if (definitions.isEmpty()) {
            if (lines.isEmpty()) {
                return new Finished(worst, null, null, null);
            }
            RunSummary summary = RunSummary.of(started, Instant.now().toString(), worst, lines);
            writeSummary(summary, output);
            return new Finished(worst, summary, Notifier.command(null), Notifier.timeout(null));
        }
        Repository repository = open;
        if (repository == null) {
            try {
                repository = Repository.open(output, options.verbose());
            } catch (RuntimeException e) {
                // nothing can run: still tell the operator, in the summary and by the notify command
                String why = "failed: " + (e instanceof org.threatstats.io.Problem ? ""
                        : "the job repository could not be opened: ") + Messages.sentence(e);
                for (JobDefinition definition : definitions) {
                    RunOutcome failed = failure(definition.name(), RunOutcome.FAILED, why);
                    print(failed, output, 0, out, err);
                    lines.add(RunSummary.JobLine.of(failed, 0, started));
                }
                RunSummary summary = RunSummary.of(started, Instant.now().toString(), RunOutcome.FAILED, lines);
                writeSummary(summary, output);
                return new Finished(RunOutcome.FAILED, summary, Notifier.command(null), Notifier.timeout(null));
            }
        }
        try {
            RunService service = repository.get(RunService.class);
            repository.get(Progress.class).to(err);
            for (JobDefinition definition : definitions) {
                if (GracefulStop.requested()) {
                    break;
                }
                long start = System.nanoTime();
                String jobStarted = Instant.now().toString();
                if (lock != null) {
                    lock.describe((open != null ? "schedule, " : "") + "run " + definition.name());
                }
                releaseDue(repository, output, definition.name(), out);
                RunOutcome outcome = runOne(service, definition);
                double seconds = (System.nanoTime() - start) / 1e9;
                print(outcome, output, seconds, out, err);
                lines.add(RunSummary.JobLine.of(outcome, seconds, jobStarted));
                worst = Math.max(worst, outcome.exitCode());
            }
            RunSummary summary = RunSummary.of(started, Instant.now().toString(), worst, lines);
            writeSummary(summary, output);
            return new Finished(worst, summary, Notifier.command(repository.property(Notifier.PROPERTY)),
                    Notifier.timeout(repository.property(Notifier.TIMEOUT_PROPERTY)));
        } finally {
            if (open == null) {
                repository.close();
            }
        }
    }

    /**
     * The summary and last-run files, where the disk lets them be written: a run's result is already said on the
     * console, and a full disk must not turn it into a second, different failure.
     */
    private void writeSummary(RunSummary summary, Path output) {
        try {
            summary.write(output);
        } catch (java.io.IOException | RuntimeException e) {
            err.println("threatstats: " + output.resolve(RunSummary.FILE) + " was not written ("
                    + Messages.sentence(e) + "); status shows the run before this one");
        }
    }

    private RunOutcome runOne(RunService service, JobDefinition definition) {
        String name = definition.name();
        try {
            RunRequest request = new RunRequest(name, options.period(),
                    options.inputDir().toAbsolutePath().normalize(), options.output(), options.jobsDir(),
                    options.output().resolve(".repository").resolve("work"), LocalDate.now(), options.publishedOn(),
                    options.force(), true);
            return service.run(RunPlan.prepare(definition, request));
        } catch (DefinitionException e) {
            return failure(name, Cli.USAGE, "bad job definition: " + e.getMessage());
        } catch (RequestException e) {
            return failure(name, Cli.USAGE, e.getMessage());
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

    /** {@code job period: message (N records read, M rejected, 1.2 s)} and the files, one line per job. */
    static void print(RunOutcome o, Path output, double seconds, PrintWriter out, PrintWriter err) {
        PrintWriter w = o.exitCode() == 0 ? out : err;
        String read;
        if (o.recordsByFile().isEmpty()) {
            read = String.format("%,d records read", o.recordsRead());
        } else {
            List<String> each = new ArrayList<>();
            o.recordsByFile().forEach((file, n) -> each.add(String.format("%s %,d record%s", file, n,
                    n == 1 ? "" : "s")));
            read = String.join(", ", each);
        }
        w.printf("%s %s: %s (%s, %,d rejected, %.1f s)%n", o.job(), o.period(), o.message(), read,
                o.recordsRejected(), seconds);
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
