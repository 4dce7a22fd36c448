package org.rostersync.sync.internal.job;

/** A guard refused to apply a run's plan at all; the message says which check tripped and what to do. */
public class RunRefusedException extends RuntimeException {

    public RunRefusedException(String message) {
        super(message);
    }
}
