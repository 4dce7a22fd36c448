package org.rostersync.fetch;

/**
 * A download that did not happen. The message is written for the admin who reads the run's report: it names the
 * server and what to fix, and never holds a secret.
 */
public class FetchException extends RuntimeException {

    private final boolean retryable;

    public FetchException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** True for connection failures that another attempt may get past; false for refusals that need a fix. */
    public boolean retryable() {
        return retryable;
    }
}
