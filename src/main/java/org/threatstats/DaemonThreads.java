package org.threatstats;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive: work a command starts on the side must not outlive the command. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory of daemon threads with this name. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
