package org.threatstats.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What SIGTERM (a service manager stopping the scheduler, an operator's kill) does: ask the running job to stop at
 * its next chunk, so its execution ends STOPPED and the next start resumes it, then let the command finish its
 * summary before the JVM exits. Spring's own shutdown hook is off: the context must stay open until then.
 */
final class GracefulStop {
    private static final long WAIT_SECONDS = 120;
    private static final AtomicReference<Runnable> STOPPER = new AtomicReference<>();
    private static volatile boolean requested;
    private static volatile CountDownLatch finished = new CountDownLatch(1);
    private static boolean installed;

    private GracefulStop() {
    }

    /** Installs the hook (once per JVM), so that {@link #requested()} turns true on SIGTERM. */
    static synchronized void install() {
        if (!installed) {
            installed = true;
            Runtime.getRuntime().addShutdownHook(new Thread(GracefulStop::onSignal, "graceful-stop"));
        }
    }

    /** {@code stopper} is what to call on SIGTERM while a job runs; {@link #done()} ends that. */
    static synchronized void during(Runnable stopper) {
        install();
        STOPPER.set(stopper);
        finished = new CountDownLatch(1);
    }

    static boolean requested() {
        return requested;
    }

    /** The command has written everything it had to: the JVM may exit. */
    static void done() {
        STOPPER.set(null);
        finished.countDown();
    }

    private static void onSignal() {
        requested = true;
        Runnable stopper = STOPPER.get();
        if (stopper == null) {
            return;
        }
        stopper.run();
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
