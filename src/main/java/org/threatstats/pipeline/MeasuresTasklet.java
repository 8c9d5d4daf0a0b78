package org.threatstats.pipeline;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.aggregate.Cube;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportBuilder;
import org.threatstats.validation.DatasetQuality;

/**
 * The measures stage: from the merged cubes to the format-neutral report (shares, changes, disclosure control,
 * revisions against the period's first publication, headlines), kept in the job's execution context so that a
 * restart after a crash while rendering renders the very same report.
 */
final class MeasuresTasklet implements Tasklet {
    static final String REPORT = "report";
    static final String ALREADY_PUBLISHED = "report.alreadyPublished";

    private final RunContext run;

    MeasuresTasklet(RunContext run) {
        this.run = run;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        ExecutionContext context = job.getExecutionContext();
        YearMonth period = YearMonth.parse(context.getString(Verdict.PERIOD));
        Map<String, Cube> cubes = new HashMap<>();
        for (var d : run.definition().datasets()) {
            String key = Verdict.CUBE_PREFIX + d.name();
            if (context.containsKey(key)) {
                cubes.put(d.name(), Cube.decode(context.getString(key)));
            }
        }
        List<DatasetQuality> quality = Json.read(context.getString(Verdict.QUALITY), new TypeReference<>() {
        });
        Publications publications = new Publications(run.outputDir(), run.definition().name(), period.toString());
        List<Integer> revisions = publications.revisions();
        long instance = job.getJobInstance().getInstanceId();
        Optional<Manifest> latest = publications.latest();
        int revision = revisions.isEmpty() ? 1 : revisions.get(revisions.size() - 1) + 1;
        if (latest.isPresent() && latest.get().run() == instance) {
            // this run already published before it could record so (a crash right after the rename)
            revision = latest.get().revision();
            context.putString(ALREADY_PUBLISHED, "true");
        } else if (latest.isPresent() && !run.request().force()
                && latest.get().sameSources(run.definition().fingerprint(), inputShas(run))) {
            context.putInt(Verdict.REVISION, latest.get().revision());
            contribution.setExitStatus(new ExitStatus(Verdict.UP_TO_DATE, "revision " + latest.get().revision()
                    + " was made from the same inputs"));
            return RepeatStatus.FINISHED;
        }
        Map<String, String> first = revision > 1 && !revisions.isEmpty() ? publications.figures(revisions.get(0))
                : Map.of();
        Report report = new ReportBuilder(run.definition(), run.schemas(), cubes, period.getYear(), run.endMonth())
                .build(run.request().publishedOn(), revision, first, quality);
        context.putString(REPORT, run.reports().write(report));
        return RepeatStatus.FINISHED;
    }

    static Map<String, String> inputShas(RunContext run) {
        Map<String, String> shas = new java.util.TreeMap<>();
        run.inputs().forEach((name, file) -> shas.put(name, file.sha256()));
        return shas;
    }
}
