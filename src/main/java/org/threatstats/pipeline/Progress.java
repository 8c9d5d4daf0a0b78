package org.threatstats.pipeline;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Progress of a long ingest. On a terminal: one line, rewritten twice a second (records, %, rate, time left). In
 * cron or CI (no terminal): a line when reading starts and one when it ends. Small inputs say nothing. It listens
 * to the ingest step; the command line says where it writes.
 */
@Component
public class Progress implements StepExecutionListener {
    /** Inputs smaller than this are read too quickly to need progress. */
    static final long LARGE = 64L << 20;

    private final RunPlans plans;
    private volatile PrintWriter out;
    private volatile boolean terminal;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile String file;
    private volatile long total;
    private volatile long started;
    private Thread ticker;

    Progress(RunPlans plans) {
        this.plans = plans;
    }

    /** Progress on {@code out} from now on (null: none); an updating line when the program runs on a terminal. */
    public void to(PrintWriter out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    @Override
    public void beforeStep(StepExecution execution) {
        var inputs = plans.of(execution.getJobExecution()).presentInputs().values();
        long size = inputs.stream().mapToLong(i -> i.size()).sum();
        start(String.join(", ", inputs.stream().map(i -> i.fileName()).toList()), size);
    }

    @Override
    public ExitStatus afterStep(StepExecution execution) {
        finish();
        return null;
    }

    /** Reading of {@code size} bytes of {@code name} starts. */
    synchronized void start(String name, long size) {
        if (out == null || size < LARGE) {
            return;
        }
        file = name;
        total = size;
        bytes.set(0);
        records.set(0);
        started = System.nanoTime();
        if (!terminal) {
            out.printf(Locale.UK, "reading %s (%,d MB)%n", name, size >> 20);
            out.flush();
            return;
        }
        ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    void read(long blockBytes, long blockRecords) {
        bytes.addAndGet(blockBytes);
        records.addAndGet(blockRecords);
    }

    synchronized void finish() {
        if (file == null) {
            return;
        }
        if (ticker != null) {
            ticker.interrupt();
            out.print("\r");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.UK, "read %,d records of %s in %.1f s (%,.0f records/s)%n", records.get(), file, seconds,
                records.get() / Math.max(seconds, 1e-3));
        out.flush();
        file = null;
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long done = bytes.get();
            double rate = done / Math.max(seconds, 1e-3);
            long left = rate > 0 ? (long) ((total - done) / rate) : 0;
            synchronized (this) {
                if (file != null && done > 0) {
                    out.printf(Locale.UK, "\r%s: %,d records, %d%%, %,.0f records/s, %d s left   ", file,
                            records.get(), 100 * done / Math.max(total, 1), records.get() / Math.max(seconds, 1e-3),
                            left);
                    out.flush();
                }
            }
        }
    }
}
