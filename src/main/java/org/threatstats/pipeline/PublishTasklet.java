package org.threatstats.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.history.Publisher;
import org.threatstats.publish.Report;
import org.threatstats.publish.excel.ExcelRenderer;
import org.threatstats.publish.ods.OdsRenderer;
import org.threatstats.publish.pdf.PdfRenderer;
import org.threatstats.validation.RejectsReport;

/**
 * The render stage: writes the workbook (.xlsx and .ods) and the PDF from the one report and publishes them as a new
 * revision.
 */
final class PublishTasklet implements Tasklet {
    private static final Logger LOG = LoggerFactory.getLogger(PublishTasklet.class);
    private final RunContext run;

    PublishTasklet(RunContext run) {
        this.run = run;
    }

    private interface Rendering {
        void run() throws IOException;
    }

    private static void timed(String what, Rendering rendering) throws IOException {
        long start = System.nanoTime();
        rendering.run();
        LOG.info("rendered the {} in {} ms", what, (System.nanoTime() - start) / 1_000_000);
    }

    /** {@code annual-threat-report-year-ending-march-2025}: lowercase words joined by dashes. */
    static String baseName(String job, String period) {
        var end = java.time.YearMonth.parse(period);
        return job + "-year-ending-" + end.getMonth().name().toLowerCase(Locale.ROOT) + "-" + end.getYear();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        ExecutionContext context = job.getExecutionContext();
        String json = context.getString(MeasuresTasklet.REPORT);
        Report report = run.reports().read(json);
        Publications publications = new Publications(run.outputDir(), report.job(), report.period());
        Publisher publisher = new Publisher(publications);
        long instance = job.getJobInstance().getInstanceId();
        Manifest manifest;
        if (context.containsKey(MeasuresTasklet.ALREADY_PUBLISHED)
                || publications.manifest(report.revision()).filter(m -> m.run() == instance).isPresent()) {
            manifest = publications.manifest(report.revision()).orElseThrow();
            publisher.pointLatestAt(publications.revisionDir(report.revision()));
        } else {
            String base = baseName(report.job(), report.period());
            List<Publisher.Output> outputs = new ArrayList<>();
            outputs.add(new Publisher.Output(base + ".xlsx", out -> timed("workbook", () -> new ExcelRenderer()
                    .render(report, out))));
            outputs.add(new Publisher.Output(base + ".ods", out -> timed("ODS workbook", () -> new OdsRenderer()
                    .render(report, out))));
            outputs.add(new Publisher.Output(base + ".pdf", out -> timed("PDF", () -> new PdfRenderer()
                    .render(report, json, out))));
            if (context.containsKey(Verdict.REJECTS_FILE)) {
                // the records set aside from this revision stay with it, whatever later runs write
                Path rejects = Path.of(context.getString(Verdict.REJECTS_FILE));
                outputs.add(new Publisher.Output(RejectsReport.FILE_NAME, out -> Files.copy(rejects, out)));
            }
            manifest = publisher.publish(report, instance, MeasuresTasklet.inputShas(run), outputs);
        }
        if (!context.containsKey(Verdict.REJECTS_FILE)) {
            // a rejects report left by an earlier, rejected run no longer describes these inputs
            Files.deleteIfExists(publications.periodDir().resolve(RejectsReport.FILE_NAME));
        }
        context.putInt(Verdict.REVISION, manifest.revision());
        context.putString(Verdict.OUTPUTS, Json.write(manifest.files()));
        contribution.setExitStatus(new ExitStatus(ExitStatus.COMPLETED.getExitCode(),
                "published revision " + manifest.revision()));
        return RepeatStatus.FINISHED;
    }
}
