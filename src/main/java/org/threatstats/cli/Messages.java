package org.threatstats.cli;

import org.threatstats.definition.DefinitionException;

/** Turns a failure into the one sentence an operator reads, and the exit code it means. */
final class Messages {
    private Messages() {
    }

    static String sentence(Throwable t) {
        if (t instanceof DefinitionException) {
            return "bad job definition: " + t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message;
    }

    static int exitCode(Throwable t) {
        return t instanceof DefinitionException ? Cli.USAGE : 1;
    }
}
