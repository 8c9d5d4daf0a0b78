package org.threatstats.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.ledger.Releases;
import org.threatstats.pipeline.RunOutcome;

/**
 * {@code schedule}: keeps running and starts each job at the cron expression in its YAML ({@code schedule:}),
 * re-reading the jobs folder before every wait, so edits take effect without a restart. It holds the output folder
 * and keeps one Spring context (and its job repository) for its whole life: every run after the first finds the
 * context started and the code compiled. SIGTERM stops a running job at its next chunk, leaving it for the next
 * start to resume.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Runs as a service: starts each job at the cron expression of its 'schedule' (second minute "
                + "hour day month weekday). SIGTERM stops a running job cleanly; the next start resumes it.")
final class ScheduleCommand implements Callable<Integer> {
    private static final Duration TICK = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FolderOptions.Inputs inputs;

    @Mixin
    FolderOptions.Jobs jobs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GracefulStop.install();
        GracefulStop.begin();
        GracefulStop.done(); // nothing to finish until a job starts
        try (OutputLock lock = OutputLock.acquire(common.output(), "schedule");
                Repository repository = Repository.open(common.output(), common.verbose)) {
            return loop(repository, lock, out, err);
        } catch (OutputLock.HeldException e) {
            err.println("threatstats: schedule: " + e.getMessage());
            return RunOutcome.RUNNING;
        }
    }

    private int loop(Repository repository, OutputLock lock, PrintWriter out, PrintWriter err) throws Exception {
        Duration recheck = recheck(repository.property(RECHECK));
        ZonedDateTime from = ZonedDateTime.now();
        String announced = "";
        Set<String> reported = new HashSet<>();
        while (!GracefulStop.requested()) {
            // the jobs folder is read again at least every `recheck`: edits and broken files are seen while waiting
            Plan plan = plan(from, err, reported);
            ZonedDateTime release = releases(repository, out);
            String announcement;
            ZonedDateTime wake;
            List<String> due = new ArrayList<>();
            if (plan.next().isEmpty()) {
                announcement = "nothing scheduled: no job in " + jobs.dir + " has a valid schedule"
                        + (plan.broken() ? " (see the bad job definitions above); still watching the folder" : "");
                wake = ZonedDateTime.now().plus(recheck);
            } else {
                ZonedDateTime earliest = plan.next().values().stream().min(ZonedDateTime::compareTo).orElseThrow();
                plan.next().forEach((job, at) -> {
                    if (at.equals(earliest)) {
                        due.add(job);
                    }
                });
                announcement = "next: " + String.join(", ", due) + " at " + earliest.toLocalDateTime();
                wake = earliest;
            }
            if (!announcement.equals(announced)) {
                (plan.next().isEmpty() ? err : out).println(announcement);
                (plan.next().isEmpty() ? err : out).flush();
                announced = announcement;
            }
            ZonedDateTime until = min(min(wake, ZonedDateTime.now().plus(recheck)), release);
            while (ZonedDateTime.now().isBefore(until) && !GracefulStop.requested()) {
                Thread.sleep(Math.max(1, Math.min(TICK.toMillis(),
                        Duration.between(ZonedDateTime.now(), until).toMillis())));
            }
            if (GracefulStop.requested()) {
                break;
            }
            if (due.isEmpty() || ZonedDateTime.now().isBefore(wake)) {
                continue; // woken to look at the folder again
            }
            JobRunner.Options options = new JobRunner.Options(common.output(), inputs.dir, jobs.dir, null,
                    LocalDate.now(), false, common.verbose);
            GracefulStop.begin();
            try {
                new JobRunner(options, out, err).run(due, repository, lock);
            } finally {
                GracefulStop.done();
                lock.describe("schedule");
            }
            from = wake;
        }
        out.println("schedule: stopped");
        return 0;
    }

    /**
     * Carries out every job's releases whose time has come; returns when the next one is due (or far away), so the
     * scheduler wakes for it.
     */
    private ZonedDateTime releases(Repository repository, PrintWriter out) {
        ZonedDateTime next = ZonedDateTime.now().plusYears(1);
        List<String> names;
        try {
            names = new JobDefinitionLoader(jobs.dir).jobNames();
        } catch (DefinitionException e) {
            return next;
        }
        Releases releases = repository.get(Releases.class);
        for (String name : names) {
            JobRunner.releaseDue(repository, common.output(), name, out);
            var pending = releases.next(common.output(), name);
            if (pending.isPresent()) {
                ZonedDateTime at = pending.get().at().atZone(java.time.ZoneId.systemDefault());
                next = at.isBefore(next) ? at : next;
            }
        }
        return next.isBefore(ZonedDateTime.now()) ? ZonedDateTime.now().plusSeconds(1) : next;
    }

    private static ZonedDateTime min(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    /** How often the scheduler reads the jobs folder while it waits ({@value #RECHECK}, default a minute). */
    static final String RECHECK = "threatstats.schedule-recheck";

    private static Duration recheck(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofMinutes(1);
        }
        Duration d = Duration.parse(text);
        return d.isNegative() || d.isZero() ? Duration.ofMinutes(1) : d;
    }

    /** Each scheduled job's next fire time, and whether some job file could not be read. */
    private record Plan(Map<String, ZonedDateTime> next, boolean broken) {
    }

    /**
     * Each scheduled job's next fire time after {@code from}; a bad definition is reported (once, until it changes)
     * and skipped.
     */
    private Plan plan(ZonedDateTime from, PrintWriter err, Set<String> reported) {
        JobDefinitionLoader loader = new JobDefinitionLoader(jobs.dir);
        Map<String, ZonedDateTime> next = new LinkedHashMap<>();
        Set<String> now = new HashSet<>();
        List<String> names;
        try {
            names = loader.jobNames();
        } catch (DefinitionException e) {
            String problem = "threatstats: schedule: " + e.getMessage();
            if (reported.add(problem)) {
                err.println(problem);
                err.flush();
            }
            return new Plan(next, true);
        }
        for (String name : names) {
            try {
                String schedule = loader.load(name).schedule();
                if (schedule != null) {
                    next.put(name, Schedules.next(schedule, from));
                }
            } catch (DefinitionException e) {
                String problem = "threatstats: " + name + ": not scheduled: bad job definition: " + e.getMessage();
                now.add(problem);
                if (!reported.contains(problem)) {
                    err.println(problem);
                    err.flush();
                }
            }
        }
        reported.retainAll(now);
        reported.addAll(now);
        return new Plan(next, !now.isEmpty());
    }
}
