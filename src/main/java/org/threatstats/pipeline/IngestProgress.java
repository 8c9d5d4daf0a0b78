package org.threatstats.pipeline;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.threatstats.ingest.InputFile;

/** Starts and ends the progress report around a dataset's partitioned ingest step. */
final class IngestProgress implements StepExecutionListener {
    private final Progress progress;
    private final InputFile input;

    IngestProgress(Progress progress, InputFile input) {
        this.progress = progress;
        this.input = input;
    }

    @Override
    public void beforeStep(StepExecution execution) {
        progress.start(input.fileName(), input.size());
    }

    @Override
    public ExitStatus afterStep(StepExecution execution) {
        progress.finish();
        return null;
    }
}
