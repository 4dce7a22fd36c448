package org.rostersync.sync;

/** A run cannot be reverted: it applied nothing, was already reverted, or is no longer its feed's latest. */
public class RunNotRevertableException extends RuntimeException {

    public RunNotRevertableException(String message) {
        super(message);
    }
}
