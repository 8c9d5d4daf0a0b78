package org.threatstats.pipeline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who is running which job execution, with a heartbeat: a row per running execution (host, process, last beat)
 * in the job repository's database. It tells a run that died (its process is gone, or it has not beaten for
 * {@code threatstats.stale-after}) from one that is still running on this or another host sharing the
 * repository, so the next run recovers the first and leaves the second alone.
 */
@Component
public class RunOwners {
    private static final Logger LOG = LoggerFactory.getLogger(RunOwners.class);
    static final String TABLE = "THREATSTATS_RUN_OWNER";
    private static final String HOST = hostName();

    private final JdbcTemplate jdbc;
    private final Duration staleAfter;
    private final Duration beat;
    private final Map<Long, ScheduledFuture<?>> beating = new ConcurrentHashMap<>();
    private volatile LongConsumer lost = id -> {
    };
    private volatile ScheduledExecutorService heart;
    private volatile boolean ready;

    public RunOwners(JdbcTemplate jdbc, @Value("${threatstats.stale-after:PT2M}") Duration staleAfter,
            @Value("${threatstats.heartbeat:PT10S}") Duration beat) {
        this.jdbc = jdbc;
        this.staleAfter = staleAfter;
        this.beat = beat;
    }

    /** Who runs an execution, and how long ago (by the database's clock) it last beat. */
    public record Owner(String host, long pid, long silentMillis) {
    }

    private void ensureTable() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY, "
                        + "HOST VARCHAR(255) NOT NULL, PID BIGINT NOT NULL, HEARTBEAT TIMESTAMP NOT NULL)");
                ready = true;
            }
        }
    }

    /** What to do when this process finds it no longer owns an execution it runs (another host recovered it). */
    public void whenLost(LongConsumer action) {
        this.lost = action;
    }

    /** Whether this process is running the execution. */
    public boolean isMine(long executionId) {
        return beating.containsKey(executionId);
    }

    /** Times are compared on the database's clock, so hosts' clocks and time zones do not matter. */
    public Optional<Owner> owner(long executionId) {
        ensureTable();
        List<Owner> rows = jdbc.query("SELECT HOST, PID, HEARTBEAT, CURRENT_TIMESTAMP FROM " + TABLE
                + " WHERE JOB_EXECUTION_ID = ?", (r, i) -> new Owner(r.getString(1), r.getLong(2),
                        r.getTimestamp(4).getTime() - r.getTimestamp(3).getTime()), executionId);
        return rows.stream().findFirst();
    }

    /**
     * Null when the execution's process is alive; otherwise why it is taken for dead. An execution with no owner
     * row yet is alive while it is younger than stale-after (its process is between creating it and claiming it).
     */
    public String whyDead(JobExecution execution) {
        var owner = owner(execution.getId());
        if (owner.isEmpty()) {
            List<Long> ages = jdbc.query("SELECT CURRENT_TIMESTAMP, CREATE_TIME FROM BATCH_JOB_EXECUTION "
                    + "WHERE JOB_EXECUTION_ID = ?", (r, i) -> r.getTimestamp(1).getTime() - r.getTimestamp(2)
                            .getTime(), execution.getId());
            long age = ages.isEmpty() ? Long.MAX_VALUE : ages.get(0);
            return age > staleAfter.toMillis() ? "it has no owner and was created " + age / 1000 + " s ago" : null;
        }
        Owner o = owner.get();
        if (o.host().equals(HOST) && o.pid() == ProcessHandle.current().pid() && !isMine(execution.getId())) {
            // this very process ran it and has finished with it, but could not record the end (a full disk, say):
            // the scheduler, which lives on, must not wait for itself
            return "this process ran it and could not record its end";
        }
        if (o.host().equals(HOST) && ProcessHandle.of(o.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return "its process (pid " + o.pid() + " on " + o.host() + ") is gone";
        }
        return o.silentMillis() > staleAfter.toMillis() ? "its process (pid " + o.pid() + " on " + o.host()
                + ") has not been heard from for " + o.silentMillis() / 1000 + " s" : null;
    }

    /** "pid 123 on host-a, last heard from 4 s ago" */
    public String describe(JobExecution execution) {
        return owner(execution.getId()).map(o -> "pid " + o.pid() + " on " + o.host() + ", last heard from "
                + o.silentMillis() / 1000 + " s ago").orElse("starting");
    }

    /** Claims executions as they start and beats for them until they end. */
    public JobExecutionListener listener() {
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                claim(execution.getId());
            }

            @Override
            public void afterJob(JobExecution execution) {
                release(execution.getId());
            }
        };
    }

    void claim(long executionId) {
        ensureTable();
        long pid = ProcessHandle.current().pid();
        disown(executionId);
        jdbc.update("INSERT INTO " + TABLE + " (JOB_EXECUTION_ID, HOST, PID, HEARTBEAT) VALUES (?, ?, ?, "
                + "CURRENT_TIMESTAMP)", executionId, HOST, pid);
        beating.put(executionId, heart().scheduleAtFixedRate(() -> beat(executionId), beat.toMillis(),
                beat.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void beat(long executionId) {
        try {
            int rows = jdbc.update("UPDATE " + TABLE + " SET HEARTBEAT = CURRENT_TIMESTAMP WHERE JOB_EXECUTION_ID = ?",
                    executionId);
            if (rows == 0 && beating.containsKey(executionId)) {
                // another process took this execution for dead and recovered it: stop writing at once
                LOG.error("run execution {} was taken over by another process; stopping it here", executionId);
                ScheduledFuture<?> f = beating.remove(executionId);
                if (f != null) {
                    f.cancel(false);
                }
                lost.accept(executionId);
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat of run execution {} failed: {}", executionId, e.toString());
        }
    }

    /** Forgets the owner of an execution taken for dead, so its process (should it still be alive) stops. */
    public void disown(long executionId) {
        ensureTable();
        jdbc.update("DELETE FROM " + TABLE + " WHERE JOB_EXECUTION_ID = ?", executionId);
    }

    void release(long executionId) {
        ScheduledFuture<?> f = beating.remove(executionId);
        if (f != null) {
            f.cancel(false);
        }
        disown(executionId);
    }

    private ScheduledExecutorService heart() {
        if (heart == null) {
            synchronized (this) {
                if (heart == null) {
                    heart = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "heartbeat");
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return heart;
    }

    public static String host() {
        return HOST;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
