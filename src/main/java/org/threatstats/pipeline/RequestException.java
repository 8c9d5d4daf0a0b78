package org.threatstats.pipeline;

import org.threatstats.io.Problem;

/** A request the job cannot answer as asked (a period it is not published for): exit 64, one sentence. */
public class RequestException extends Problem {
    public RequestException(String sentence) {
        super(sentence);
    }
}
