package org.threatstats.definition;

/** A job file that cannot be used; the message is one sentence an analyst can act on. */
public class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }

    public DefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
