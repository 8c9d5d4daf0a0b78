package org.threatstats.cli;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.threatstats.definition.JobDefinitionLoader;

/** {@code run <job>} and {@code run --all}: check, aggregate and publish. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a job (or every job) for a period: checks the inputs, aggregates them and publishes the "
                + "report as a new revision. The same inputs again: up to date, nothing written.")
final class RunCommand implements Callable<Integer> {
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

    @Mixin
    FolderOptions.Inputs inputs;

    @Mixin
    FolderOptions.Jobs jobs;

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
        JobDefinitionLoader loader = new JobDefinitionLoader(jobs.dir);
        List<String> names = all ? loader.jobNames() : List.of(job);
        JobRunner.Options options = new JobRunner.Options(common.output(), inputs.dir, jobs.dir, period, published,
                force, common.verbose);
        return new JobRunner(options, spec.commandLine().getOut(), spec.commandLine().getErr()).run(names);
    }

    static YearMonth parsePeriod(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            YearMonth month = YearMonth.parse(text);
            if (text.length() == 7 && month.getYear() >= 1900) {
                return month;
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--year-ending must be a month in the form YYYY-MM from 1900-01 on, such as 2025-03, not '" + text
                        + "'");
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
