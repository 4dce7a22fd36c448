package org.rostersync.sync;

/** A run's held deactivations cannot be approved: it holds none, or a newer run has replaced its plan. */
public class RunNotApprovableException extends RuntimeException {

    public RunNotApprovableException(String message) {
        super(message);
    }
}
