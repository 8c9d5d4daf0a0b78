package org.threatstats.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.threatstats.history.OutputLock;
import org.threatstats.history.Publications;
import org.threatstats.io.AtomicFiles;
import org.threatstats.io.Json;
import org.threatstats.ledger.Ledger;
import org.threatstats.ledger.Releases;
import org.threatstats.pipeline.RunOutcome;

/**
 * {@code release <job> --year-ending YYYY-MM [--revision N] --assured-by NAME --approved-by NAME [--at TIME]}:
 * records the sign-off of a revision in the job repository and, at the release time, makes it the period's
 * released one ({@code released/} beside {@code latest}). {@code release --due} carries out every release whose
 * time has come, for a cron line at the release time where no scheduler runs.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Signs off a published revision for release: who assured it, who approved it and when it goes "
                + "public. At that time released/ (beside latest) becomes the revision's files, byte for byte.")
final class ReleaseCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Release time of day when no --at is given, as official statistics are released. */
    static final LocalTime DEFAULT_TIME = LocalTime.of(9, 30);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "JOB", arity = "0..1")
    String job;

    @Option(names = "--due", description = "Carry out every signed-off release whose time has come, of every job "
            + "in the jobs folder (for a cron line at the release time).")
    boolean due;

    @Mixin
    FolderOptions.Jobs jobs;

    @Option(names = "--year-ending", paramLabel = "YYYY-MM", description = "The report period.")
    String yearEnding;

    @Option(names = "--revision", paramLabel = "N", description = "The revision to release (default: the latest).")
    Integer revision;

    @Option(names = "--assured-by", paramLabel = "NAME",
            description = "Who assured the figures (quality assurance).")
    String assuredBy;

    @Option(names = "--approved-by", paramLabel = "NAME",
            description = "Who approved the release.")
    String approvedBy;

    @Option(names = "--at", paramLabel = "YYYY-MM-DDTHH:MM",
            description = "When it goes public (default: 09:30 today, or now if that has passed).")
    String at;

    private CommandLine.ParameterException refused(String sentence) {
        return new CommandLine.ParameterException(spec.commandLine(), sentence + "; nothing was changed");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (due) {
            if (job != null || yearEnding != null || assuredBy != null || approvedBy != null || at != null
                    || revision != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--due takes no job and no other "
                        + "option: it carries out the releases already signed off");
            }
            return releaseDue(out);
        }
        for (String[] required : new String[][] {{"JOB", job}, {"--year-ending", yearEnding},
            {"--assured-by", assuredBy}, {"--approved-by", approvedBy}}) {
            if (required[1] == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a release needs " + required[0]
                        + " (or --due, to carry out the releases signed off already)");
            }
        }
        String period = RunCommand.parsePeriod(spec, yearEnding).toString();
        String assured = name("--assured-by", assuredBy);
        String approved = name("--approved-by", approvedBy);
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime when = releaseTime(now);
        Path output = common.output();
        Publications publications = new Publications(output, job, period);
        List<Integer> revisions = publications.revisions();
        if (revisions.isEmpty()) {
            throw refused("nothing has been published for " + job + " " + period + " in " + output
                    + " (a rejected or failed run publishes no revision)");
        }
        int chosen = revision != null ? revision : revisions.get(revisions.size() - 1);
        if (!revisions.contains(chosen)) {
            throw refused("there is no revision " + chosen + " of " + job + " " + period + " (published: "
                    + revisions + "; a rejected or failed run publishes no revision)");
        }
        try (OutputLock lock = OutputLock.acquire(output, "release " + job + " " + period);
                Repository repository = Repository.open(output, common.verbose)) {
            Ledger ledger = repository.get(Ledger.class);
            Releases releases = repository.get(Releases.class);
            ledger.catchUp(output, job);
            for (Ledger.Release r : ledger.releases(output, job)) {
                if (r.period().equals(period) && r.revision() == chosen) {
                    throw refused("revision " + chosen + " of " + job + " " + period + " was already signed off "
                            + "for release at " + TIME.format(r.at()) + " (assured by " + r.assuredBy()
                            + ", approved by " + r.approvedBy() + ")");
                }
            }
            Ledger.Release release = new Ledger.Release(job, period, chosen, assured, approved, when, now, null);
            if (!ledger.recordRelease(output, release)) {
                throw refused("revision " + chosen + " of " + job + " " + period + " was signed off for release "
                        + "by another command a moment ago");
            }
            boolean done = releases.releaseDue(output, job, now).stream()
                    .anyMatch(r -> r.period().equals(period) && r.revision() == chosen);
            writeReleaseFile(output, job, ledger.releases(output, job));
            Path released = publications.periodDir().resolve(Releases.RELEASED);
            if (done) {
                out.println(JobRunner.releasedLine(release) + ": " + released);
            } else {
                out.printf("%s %s: revision %d will be released at %s (assured by %s, approved by %s); until then "
                        + "%s is left as it is%n", job, period, chosen, TIME.format(when), assured, approved,
                        released);
            }
            return 0;
        } catch (OutputLock.HeldException e) {
            spec.commandLine().getErr().println("threatstats: " + job + ": cannot release now: " + e.getMessage()
                    + " (a release waits for nothing: run it again when that has finished, or stop the scheduler"
                    + " for a moment)");
            return RunOutcome.RUNNING;
        }
    }

    private int releaseDue(PrintWriter out) throws Exception {
        Path output = common.output();
        try (OutputLock lock = OutputLock.acquire(output, "release --due");
                Repository repository = Repository.open(output, common.verbose)) {
            for (String name : new org.threatstats.definition.JobDefinitionLoader(jobs.dir).jobNames()) {
                JobRunner.releaseDue(repository, output, name, out);
            }
            return 0;
        } catch (OutputLock.HeldException e) {
            spec.commandLine().getErr().println("threatstats: release --due: " + e.getMessage()
                    + " (that process carries out due releases itself when it runs)");
            return RunOutcome.RUNNING;
        }
    }

    private LocalDateTime releaseTime(LocalDateTime now) {
        if (at == null) {
            LocalDateTime morning = LocalDate.now().atTime(DEFAULT_TIME);
            return morning.isBefore(now) ? now : morning;
        }
        LocalDateTime when;
        try {
            when = LocalDateTime.parse(at);
        } catch (DateTimeParseException e) {
            throw refused("--at '" + at + "' is not a time such as 2026-12-03T09:30");
        }
        if (when.isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
            throw refused("--at " + TIME.format(when) + " is in the past (it is " + TIME.format(now)
                    + " now): a release cannot be signed off for a time that has gone");
        }
        return when;
    }

    /** A person's name: one line of at most 200 characters, no control characters. */
    private String name(String option, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 200 || v.chars().anyMatch(Character::isISOControl)) {
            throw refused(option + " must name a person: one line of 1 to 200 characters");
        }
        return v;
    }

    /**
     * The job's releases as a file beside its last-run file, so {@code status} (which never opens the repository)
     * tells the next release.
     */
    static void writeReleaseFile(Path output, String job, List<Ledger.Release> releases) throws IOException {
        Path file = releaseFile(output, job);
        java.nio.file.Files.createDirectories(file.getParent());
        byte[] json = Json.write(releases).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(json));
    }

    static Path releaseFile(Path output, String job) {
        return output.resolve(".repository").resolve("releases").resolve(job + ".json");
    }
}
