package org.threatstats.pipeline;

import java.util.List;

import org.springframework.batch.core.observability.jfr.events.job.JobExecutionEvent;
import org.springframework.batch.core.observability.jfr.events.job.JobLaunchEvent;
import org.springframework.batch.core.observability.jfr.events.step.StepExecutionEvent;
import org.springframework.batch.core.observability.jfr.events.step.chunk.ChunkTransactionEvent;
import org.springframework.batch.core.observability.jfr.events.step.chunk.ChunkWriteEvent;
import org.springframework.batch.core.observability.jfr.events.step.chunk.ItemProcessEvent;
import org.springframework.batch.core.observability.jfr.events.step.chunk.ItemReadEvent;
import org.springframework.batch.core.observability.jfr.events.step.partition.PartitionAggregateEvent;
import org.springframework.batch.core.observability.jfr.events.step.partition.PartitionSplitEvent;
import org.springframework.batch.core.observability.jfr.events.step.tasklet.TaskletExecutionEvent;

/**
 * Spring Batch 6 reports jobs, steps and chunks as Java Flight Recorder events, recording or not. The first such
 * event class to load registers itself with the JDK's recorder, which then reads the whole recorder's metadata:
 * about 60 ms, on the main thread as it launches the job. {@link #load()} does that on whichever thread calls it
 * (the hash warm-up's, as a run starts, on a core that would otherwise wait while the job files are read), so the
 * launch finds it done.
 */
public final class BatchEvents {
    private static final List<Class<?>> EVENTS = List.of(JobLaunchEvent.class, JobExecutionEvent.class,
            StepExecutionEvent.class, TaskletExecutionEvent.class, PartitionSplitEvent.class,
            PartitionAggregateEvent.class, ItemReadEvent.class, ItemProcessEvent.class, ChunkWriteEvent.class,
            ChunkTransactionEvent.class);

    private BatchEvents() {
    }

    /** Initialises the event classes (their registration with the recorder). Never throws. */
    public static void load() {
        for (Class<?> event : EVENTS) {
            try {
                Class.forName(event.getName(), true, event.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return; // the job's launch meets the same problem itself
            }
        }
    }
}
