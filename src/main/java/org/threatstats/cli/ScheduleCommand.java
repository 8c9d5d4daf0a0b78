package org.threatstats.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.threatstats.definition.DefinitionException;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
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
        try (OutputLock lock = OutputLock.acquire(common.output(), "schedule");
                Repository repository = Repository.open(common.output(), common.verbose)) {
            return loop(repository, out, err);
        } catch (OutputLock.HeldException e) {
            err.println("threatstats: schedule: " + e.getMessage());
            return RunOutcome.RUNNING;
        }
    }

    private int loop(Repository repository, PrintWriter out, PrintWriter err) throws Exception {
        ZonedDateTime from = ZonedDateTime.now();
        String announced = "";
        while (!GracefulStop.requested()) {
            Map<String, ZonedDateTime> next = nextRuns(from, err);
            if (next.isEmpty()) {
                err.println("threatstats: no job in " + jobs.dir + " has a schedule; nothing to do");
                return 0;
            }
            ZonedDateTime earliest = next.values().stream().min(ZonedDateTime::compareTo).orElseThrow();
            List<String> due = new ArrayList<>();
            next.forEach((job, at) -> {
                if (at.equals(earliest)) {
                    due.add(job);
                }
            });
            String plan = "next: " + String.join(", ", due) + " at " + earliest.toLocalDateTime();
            if (!plan.equals(announced)) {
                out.println(plan);
                out.flush();
                announced = plan;
            }
            while (ZonedDateTime.now().isBefore(earliest) && !GracefulStop.requested()) {
                Thread.sleep(Math.max(1, Math.min(TICK.toMillis(),
                        Duration.between(ZonedDateTime.now(), earliest).toMillis())));
            }
            if (GracefulStop.requested()) {
                break;
            }
            JobRunner.Options options = new JobRunner.Options(common.output(), inputs.dir, jobs.dir, null,
                    LocalDate.now(), false, common.verbose);
            GracefulStop.begin();
            try {
                new JobRunner(options, out, err).run(due, repository);
            } finally {
                GracefulStop.done();
            }
            from = earliest;
        }
        out.println("schedule: stopped");
        return 0;
    }

    /** Each scheduled job's next fire time after {@code from}; a bad definition is reported and skipped. */
    private Map<String, ZonedDateTime> nextRuns(ZonedDateTime from, PrintWriter err) {
        JobDefinitionLoader loader = new JobDefinitionLoader(jobs.dir);
        Map<String, ZonedDateTime> next = new LinkedHashMap<>();
        for (String name : loader.jobNames()) {
            try {
                String schedule = loader.load(name).schedule();
                if (schedule != null) {
                    next.put(name, Schedules.next(schedule, from));
                }
            } catch (DefinitionException e) {
                err.println("threatstats: " + name + ": not scheduled: bad job definition: " + e.getMessage());
            }
        }
        return next;
    }
}
