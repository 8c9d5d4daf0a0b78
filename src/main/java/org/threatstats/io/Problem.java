package org.threatstats.io;

/**
 * A failure already put as the one sentence an operator acts on (which file, what is wrong, what to do): it is
 * shown as it is, whatever lower-level exception caused it, which stays attached for {@code --verbose}.
 */
public class Problem extends RuntimeException {
    public Problem(String sentence, Throwable cause) {
        super(sentence, cause);
    }

    public Problem(String sentence) {
        super(sentence);
    }
}
