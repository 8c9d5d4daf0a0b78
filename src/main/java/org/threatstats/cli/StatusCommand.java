package org.threatstats.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.history.Publications;
import org.threatstats.history.Tampering;
import org.threatstats.ledger.Ledger;
import org.threatstats.ledger.Releases;
import org.threatstats.io.Json;

/**
 * {@code status}: for each job, its last run, its result and whether it is overdue against its schedule; exit 0
 * when every job is healthy, 1 otherwise, for a monitoring system to call. It reads the last-run files, not the job
 * repository, so it answers while a run holds the output folder.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Says, for each job, its last run, its result and whether it is overdue against its schedule. "
                + "Exit 0 when all are healthy, 1 otherwise.")
final class StatusCommand implements Callable<Integer> {
    private static final Set<String> GOOD = Set.of("COMPLETED", "UP-TO-DATE", "UNCHANGED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FolderOptions.Jobs jobs;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h", converter = Grace.class,
            description = "How late a scheduled run may be before it is overdue: 90m, 1h, 2d or ISO-8601 such as "
                    + "PT1H (default ${DEFAULT-VALUE}).")
    Duration grace;

    /** {@code 90m}, {@code 1h}, {@code 2d}, {@code 30s} or ISO-8601 ({@code PT1H}). */
    static final class Grace implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String t = text.trim();
            var m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*([smhd])").matcher(t.toLowerCase(java.util.Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(t);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 90m, 1h, 2d "
                        + "or PT1H");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobDefinitionLoader loader = new JobDefinitionLoader(jobs.dir);
        ZonedDateTime now = ZonedDateTime.now();
        boolean healthy = true;
        String holder = OutputLock.heldBy(common.output());
        for (String name : loader.jobNames()) {
            String line;
            boolean ok;
            JobDefinition definition;
            if (holder != null && java.util.regex.Pattern.compile("\\brun " + java.util.regex.Pattern.quote(name)
                    + "(,|$)").matcher(holder).find()) {
                out.println(name + ": running (" + holder + "); healthy");
                continue;
            }
            try {
                definition = loader.load(name);
            } catch (DefinitionException e) {
                out.println(name + ": needs attention: bad job definition: " + e.getMessage());
                healthy = false;
                continue;
            }
            Path file = RunSummary.lastRun(common.output(), name);
            RunSummary.JobLine last = Files.exists(file) ? Json.read(Files.readString(file),
                    RunSummary.JobLine.class) : null;
            ZonedDateTime lastStart = last == null ? null
                    : Instant.parse(last.started()).atZone(ZoneId.systemDefault());
            if (last == null) {
                line = name + ": never run";
                ok = true;
            } else {
                line = name + ": last run " + TIME.format(lastStart) + " " + last.status()
                        + (last.revision() > 0 ? " (revision " + last.revision() + " of " + last.period() + ")" : "");
                ok = GOOD.contains(last.status());
                if (!ok) {
                    line += ": " + last.message();
                }
            }
            List<String> changed = tampered(name, last);
            if (!changed.isEmpty()) {
                line += "; OUTPUT CHANGED BY HAND: " + changed.get(0) + (changed.size() > 1 ? " (and "
                        + (changed.size() - 1) + " more, below)" : "");
                ok = false;
            }
            String schedule = definition.schedule();
            if (schedule != null) {
                ZonedDateTime previous = Schedules.previous(schedule, now);
                ZonedDateTime since = lastStart != null ? lastStart : ZonedDateTime.ofInstant(
                        Files.getLastModifiedTime(loader.file(name)).toInstant(), ZoneId.systemDefault());
                boolean overdue = previous != null && previous.plus(grace).isBefore(now) && since.isBefore(previous);
                if (overdue) {
                    line += "; OVERDUE: a run was due at " + TIME.format(previous);
                    ok = false;
                }
                line += "; next due " + TIME.format(Schedules.next(schedule, now));
            }
            line += releases(name);
            out.println(line + (ok ? "; healthy" : "; needs attention"));
            changed.stream().skip(1).forEach(c -> out.println("  " + c));
            healthy &= ok;
        }
        return healthy ? 0 : 1;
    }

    /** "; released 2025-03 revision 1 at ...; next release 2025-03 revision 2 at 2026-12-03 09:30", from the file the
     * release command keeps. */
    private String releases(String job) throws java.io.IOException {
        Path file = ReleaseCommand.releaseFile(common.output(), job);
        if (!Files.exists(file)) {
            return "";
        }
        List<Ledger.Release> all = Json.read(Files.readString(file),
                new tools.jackson.core.type.TypeReference<List<Ledger.Release>>() { });
        StringBuilder s = new StringBuilder();
        all.stream().filter(Ledger.Release::done).reduce((a, b) -> b).ifPresent(r -> s
                .append("; released ").append(r.period()).append(" revision ").append(r.revision()).append(" at ")
                .append(TIME.format(r.releasedAt())));
        Releases.next(all).ifPresent(r -> s.append("; next release ").append(r.period()).append(" revision ")
                .append(r.revision()).append(" at ").append(TIME.format(r.at())));
        return s.toString();
    }

    /**
     * What was changed by hand in the job's published folders: a file that no longer matches its manifest, a
     * revision folder deleted, a {@code latest} that is not the link. Runs never write over such a folder; the
     * remedy (put the files back from a copy, or publish anew with {@code run --force}) is a person's.
     */
    private List<String> tampered(String job, RunSummary.JobLine last) {
        Path tree = common.output().resolve(job);
        List<String> problems = new ArrayList<>();
        java.util.TreeSet<String> periods = new java.util.TreeSet<>();
        try {
            periods.addAll(Publications.periods(common.output(), job));
        } catch (java.io.UncheckedIOException e) {
            return List.of("cannot list " + tree + ": " + e.getCause().getMessage());
        }
        if (last != null && last.revision() > 0 && last.period() != null && last.period().matches("\\d{4}-\\d{2}")) {
            periods.add(last.period());
        }
        for (String period : periods) {
            int lastPublished = last != null && period.equals(last.period()) ? last.revision() : 0;
            try {
                problems.addAll(new Tampering(new Publications(common.output(), job, period)).all(lastPublished));
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }
}
