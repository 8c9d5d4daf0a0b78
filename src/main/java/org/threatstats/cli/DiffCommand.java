package org.threatstats.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.threatstats.history.Publications;
import org.threatstats.publish.ReportBuilder;

/**
 * {@code diff <job> --year-ending YYYY-MM [--from N] [--to M] [--from-year-ending YYYY-MM]}: the figures that
 * changed between two publications, of one period or of two (the year ending March 2024 as the 2024 report
 * published it and as the 2025 report shows it, say).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Prints the figures that changed between two publications: two revisions of a period "
                + "(default: the latest and the one before it), or, with --from-year-ending, a revision of an "
                + "earlier report and one of this period's, figure by figure where both show it.")
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--year-ending", paramLabel = "YYYY-MM", required = true, description = "The period.")
    String yearEnding;

    @Option(names = "--from", paramLabel = "N", description = "The earlier revision (default: the one before --to).")
    Integer from;

    @Option(names = "--to", paramLabel = "M", description = "The later revision (default: the latest).")
    Integer to;

    @Option(names = "--from-year-ending", paramLabel = "YYYY-MM",
            description = "The report period of the earlier publication (default: --year-ending); --from is then "
                    + "its revision (default: its latest).")
    String fromYearEnding;

    @Override
    public Integer call() {
        if (fromYearEnding != null) {
            return acrossPeriods();
        }
        String period = RunCommand.parsePeriod(spec, yearEnding).toString();
        Publications publications = new Publications(common.output(), job, period);
        List<Integer> revisions = publications.revisions();
        if (revisions.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing has been published for " + job
                    + " " + period + " in " + common.output());
        }
        int later = to != null ? to : revisions.get(revisions.size() - 1);
        if (from == null && to == null && revisions.size() == 1) {
            spec.commandLine().getOut().printf("%s %s has only revision %d: there is nothing to compare it with%n",
                    job, period, later);
            return 0;
        }
        int earlier = from != null ? from : revisions.stream().filter(r -> r < later).max(Integer::compare)
                .orElse(later - 1);
        for (int r : new int[] {earlier, later}) {
            if (!revisions.contains(r)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "there is no revision " + r + " of "
                        + job + " " + period + " (published: " + revisions + ")");
            }
        }
        Map<String, ReportBuilder.Figure> before = new LinkedHashMap<>();
        for (ReportBuilder.Figure f : publications.figureList(earlier)) {
            before.put(f.key(), f);
        }
        PrintWriter out = spec.commandLine().getOut();
        int changed = 0;
        for (ReportBuilder.Figure f : publications.figureList(later)) {
            ReportBuilder.Figure old = before.remove(f.key());
            if (old == null) {
                out.printf("%s | %s | %s: new, %s%n", f.tableLabel(), f.rowLabel(), f.columnHeader(), f.value());
                changed++;
            } else if (!old.value().equals(f.value())) {
                out.printf("%s | %s | %s: %s -> %s%n", f.tableLabel(), f.rowLabel(), f.columnHeader(), old.value(),
                        f.value());
                changed++;
            }
        }
        for (ReportBuilder.Figure f : before.values()) {
            out.printf("%s | %s | %s: removed (was %s)%n", f.tableLabel(), f.rowLabel(), f.columnHeader(), f.value());
            changed++;
        }
        out.printf("%d figure%s changed between revision %d and revision %d of %s %s%n", changed,
                changed == 1 ? "" : "s", earlier, later, job, period);
        return 0;
    }


    private List<Integer> published(Publications publications, String period) {
        List<Integer> revisions = publications.revisions();
        if (revisions.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing has been published for " + job
                    + " " + period + " in " + common.output());
        }
        return revisions;
    }

    private int revision(Publications publications, String period, Integer asked) {
        List<Integer> revisions = published(publications, period);
        int r = asked != null ? asked : revisions.get(revisions.size() - 1);
        if (!revisions.contains(r)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "there is no revision " + r + " of " + job
                    + " " + period + " (published: " + revisions + ")");
        }
        return r;
    }

    /** Two reports of different periods: every figure both show, where the value differs. */
    private int acrossPeriods() {
        String laterPeriod = RunCommand.parsePeriod(spec, yearEnding).toString();
        String earlierPeriod = RunCommand.parsePeriod(spec, fromYearEnding).toString();
        Publications earlierReport = new Publications(common.output(), job, earlierPeriod);
        Publications laterReport = new Publications(common.output(), job, laterPeriod);
        int earlier = revision(earlierReport, earlierPeriod, from);
        int later = revision(laterReport, laterPeriod, to);
        Map<String, ReportBuilder.Figure> before = new LinkedHashMap<>();
        for (ReportBuilder.Figure f : earlierReport.figureList(earlier)) {
            before.put(f.key(), f);
        }
        PrintWriter out = spec.commandLine().getOut();
        int changed = 0;
        int both = 0;
        for (ReportBuilder.Figure f : laterReport.figureList(later)) {
            ReportBuilder.Figure old = before.get(f.key());
            if (old == null) {
                continue;
            }
            both++;
            if (!old.value().equals(f.value())) {
                out.printf("%s | %s | %s: %s -> %s%n", f.tableLabel(), f.rowLabel(), f.columnHeader(), old.value(),
                        f.value());
                changed++;
            }
        }
        out.printf("%d figure%s changed of the %d both show, between %s %s revision %d and %s %s revision %d%n",
                changed, changed == 1 ? "" : "s", both, job, earlierPeriod, earlier, job, laterPeriod, later);
        return 0;
    }
}
