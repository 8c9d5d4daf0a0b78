package org.threatstats.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What SIGTERM (a service manager stopping the scheduler, an operator's kill) does: ask the running job to stop at
 * its next chunk, so its execution ends STOPPED and the next start resumes it; start no further job; and let the
 * command finish its summary before the JVM exits. Spring's own shutdown hook is off: the context must stay open
 * until then.
 */
final class GracefulStop {
    private static final long WAIT_SECONDS = 120;
    private static boolean installed;
    private static volatile boolean requested;
    private static Runnable stopper;
    private static volatile CountDownLatch finished = new CountDownLatch(0);

    private GracefulStop() {
    }

    /** Installs the hook (once per JVM), so that {@link #requested()} turns true on SIGTERM. */
    static synchronized void install() {
        if (!installed) {
            installed = true;
            Runtime.getRuntime().addShutdownHook(new Thread(GracefulStop::onSignal, "graceful-stop"));
        }
    }

    /** A command starts: from now until {@link #done()}, SIGTERM waits for it to finish cleanly. */
    static synchronized void begin() {
        install();
        finished = new CountDownLatch(1);
    }

    /**
     * A job is about to run; {@code stop} is what SIGTERM calls while it does. False when a stop was requested
     * already: the job must not start.
     */
    static synchronized boolean during(Runnable stop) {
        if (requested) {
            return false;
        }
        stopper = stop;
        return true;
    }

    static boolean requested() {
        return requested;
    }

    /** The command has written everything it had to: the JVM may exit. */
    static void done() {
        synchronized (GracefulStop.class) {
            stopper = null;
        }
        finished.countDown();
    }

    private static void onSignal() {
        Runnable stop;
        synchronized (GracefulStop.class) {
            requested = true;
            stop = stopper;
        }
        if (stop != null) {
            stop.run();
        }
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
