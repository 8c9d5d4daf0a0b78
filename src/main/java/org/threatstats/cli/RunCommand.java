package org.threatstats.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.pipeline.Progress;
import org.threatstats.pipeline.RunContext;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.pipeline.RunRequest;
import org.threatstats.pipeline.RunService;
import org.threatstats.publish.Warmup;

/** {@code run <job>} and {@code run --all}: check, aggregate and publish. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a job (or every job) for a period: checks the inputs, aggregates them and publishes the "
                + "report as a new revision. The same inputs again: up to date, nothing written.")
final class RunCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "JOB", description = "The job: the name of a file in the jobs folder.")
    String job;

    @Option(names = "--all", description = "Run every job in the jobs folder (what a nightly schedule calls).")
    boolean all;

    @Option(names = "--year-ending", paramLabel = "YYYY-MM",
            description = "The period's last month (default: the latest year ending in the job's month that the "
                    + "data reach).")
    String yearEnding;

    @Option(names = "--input-dir", paramLabel = "DIR", defaultValue = "input",
            description = "Where the input files are (default: ${DEFAULT-VALUE}).")
    Path inputDir;

    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
            description = "Where the job definitions are (default: ${DEFAULT-VALUE}).")
    Path jobsDir;

    @Option(names = "--published-on", paramLabel = "YYYY-MM-DD",
            description = "The publication date printed in the reports (default: today).")
    String publishedOn;

    @Option(names = "--force", description = "Publish a new revision even if the inputs are unchanged.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (all == (job != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a JOB or --all, not both or neither");
        }
        YearMonth period = parsePeriod(spec, yearEnding);
        LocalDate published = parseDate(spec, publishedOn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobDefinitionLoader loader = new JobDefinitionLoader(jobsDir);
        List<String> names = all ? loader.jobNames() : List.of(job);
        List<JobDefinition> definitions = new ArrayList<>();
        int worst = 0;
        for (String name : names) {
            try {
                definitions.add(loader.load(name));
            } catch (DefinitionException e) {
                err.println("threatstats: " + name + ": bad job definition: " + e.getMessage());
                worst = Math.max(worst, Cli.USAGE);
            }
        }
        if (definitions.isEmpty()) {
            return worst;
        }
        Path output = common.output();
        try (OutputLock lock = OutputLock.acquire(output, "run " + String.join(" ", names))) {
            // each job's inputs are fingerprinted (SHA-256, partition boundaries) while Spring starts: the two
            // take about as long as each other on a large file, and neither needs the other
            ExecutorService surveys = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "survey");
                t.setDaemon(true);
                return t;
            });
            Map<String, Future<RunContext>> prepared = new LinkedHashMap<>();
            for (JobDefinition definition : definitions) {
                RunRequest request = new RunRequest(definition.name(), period, inputDir.toAbsolutePath().normalize(),
                        output, jobsDir, published, force, true);
                prepared.put(definition.name(), surveys.submit(() -> RunService.prepare(definition, request,
                        RunContext.Tuning.defaults(), output.resolve(".repository").resolve("work"),
                        Progress.to(err))));
            }
            // and, once they are done, the renderers are loaded on the same spare thread
            surveys.submit(Warmup::renderers);
            surveys.shutdown();
            long opening = System.nanoTime();
            try (Repository repository = Repository.open(output, common.verbose)) {
                RunService service = repository.get(RunService.class);
                LOG.info("job repository ready in {} ms", (System.nanoTime() - opening) / 1_000_000);
                for (JobDefinition definition : definitions) {
                    long started = System.nanoTime();
                    RunOutcome outcome;
                    try {
                        long waiting = System.nanoTime();
                        RunContext context = get(prepared.get(definition.name()));
                        LOG.info("{}: inputs fingerprinted; waited {} ms for them", definition.name(),
                                (System.nanoTime() - waiting) / 1_000_000);
                        outcome = service.run(context);
                    } catch (DefinitionException e) {
                        err.println("threatstats: " + definition.name() + ": bad job definition: " + e.getMessage());
                        worst = Math.max(worst, Cli.USAGE);
                        continue;
                    } catch (Exception e) {
                        err.println("threatstats: " + definition.name() + ": failed: " + Messages.sentence(e));
                        if (common.verbose) {
                            e.printStackTrace(err);
                        }
                        worst = Math.max(worst, RunOutcome.FAILED);
                        continue;
                    }
                    print(outcome, output, (System.nanoTime() - started) / 1e9, out, err);
                    worst = Math.max(worst, outcome.exitCode());
                }
            }
        } catch (OutputLock.HeldException e) {
            for (JobDefinition definition : definitions) {
                err.println("threatstats: " + definition.name() + ": already running: " + e.getMessage());
            }
            return Math.max(worst, RunOutcome.RUNNING);
        }
        return worst;
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

    static YearMonth parsePeriod(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--year-ending must be a month in the form YYYY-MM, such as 2025-03, not '" + text + "'");
        }
    }

    static LocalDate parseDate(CommandSpec spec, String text) {
        if (text == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--published-on must be a date in the form YYYY-MM-DD, not '" + text + "'");
        }
    }
}
