package org.threatstats.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

/**
 * What SIGTERM (a service manager stopping the scheduler, an operator's kill) does to the program: no further job
 * starts, the job that runs is stopped at its next chunk (Spring Batch's own shutdown hook, see the pipeline's job
 * factory), the command writes its summary, and the process ends with the command's own exit code: 0 for a
 * scheduler that stopped cleanly, 1 for a run stopped before it finished (resumed by the next start). Without
 * this the JVM would end with 143, which a service manager counts as a failure. Spring's own shutdown hook is off:
 * the context must stay open until the command is done.
 *
 * <p>Only the program started from the command line ({@link #program()}) installs the hook; commands run inside
 * another program (the tests) leave that program's shutdown alone.
 */
final class GracefulStop {
    private static final long WAIT_SECONDS = 120;
    private static boolean program;
    private static boolean installed;
    private static volatile boolean requested;
    private static volatile boolean exiting;
    private static volatile CountDownLatch finished = new CountDownLatch(0);
    private static final CountDownLatch commandEnded = new CountDownLatch(1);
    private static volatile int exitCode = 1;

    private GracefulStop() {
    }

    /** This JVM is the program: SIGTERM is to end it with the command's exit code. */
    static synchronized void program() {
        program = true;
    }

    /** Installs the hook (once per JVM, in the program only), so that {@link #requested()} turns true on SIGTERM. */
    static synchronized void install() {
        if (program && !installed) {
            installed = true;
            Runtime.getRuntime().addShutdownHook(new Thread(GracefulStop::onSignal, "graceful-stop"));
        }
    }

    /** A command's job starts: from now until {@link #done()}, SIGTERM waits for it to finish cleanly. */
    static synchronized void begin() {
        install();
        finished = new CountDownLatch(1);
    }

    static boolean requested() {
        return requested;
    }

    /** The command has written everything it had to about its job. */
    static void done() {
        finished.countDown();
    }

    /** The command has ended with this exit code. */
    static void ended(int code) {
        exitCode = code;
        commandEnded.countDown();
    }

    /** The program exits on its own (not on a signal): the hook has nothing to do. */
    static void exiting() {
        exiting = true;
    }

    private static void onSignal() {
        if (exiting) {
            return;
        }
        requested = true;
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            commandEnded.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.stop(); // the log file complete before the process goes
        }
        Runtime.getRuntime().halt(exitCode);
    }
}
