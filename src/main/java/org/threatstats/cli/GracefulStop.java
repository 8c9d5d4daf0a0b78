package org.threatstats.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What SIGTERM (a service manager stopping the scheduler, an operator's kill) does to a command: no further job
 * starts, and the JVM waits for the command to write its summary before it exits. Stopping the job that runs is
 * Spring Batch's own shutdown hook's work (see the pipeline's job factory). Spring's own shutdown hook is off: the
 * context must stay open until the command is done.
 */
final class GracefulStop {
    private static final long WAIT_SECONDS = 120;
    private static boolean installed;
    private static volatile boolean requested;
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

    static boolean requested() {
        return requested;
    }

    /** The command has written everything it had to: the JVM may exit. */
    static void done() {
        finished.countDown();
    }

    private static void onSignal() {
        requested = true;
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
