package org.threatstats.cli;

import org.threatstats.definition.DefinitionException;
import org.threatstats.pipeline.RequestException;
import org.threatstats.pipeline.RunService;

/** Turns a failure into the one sentence an operator reads, and the exit code it means. */
final class Messages {
    private Messages() {
    }

    static String sentence(Throwable t) {
        if (t instanceof DefinitionException) {
            return "bad job definition: " + t.getMessage();
        }
        return RunService.rootMessage(t);
    }

    static int exitCode(Throwable t) {
        return t instanceof DefinitionException || t instanceof RequestException ? Cli.USAGE : 1;
    }
}
