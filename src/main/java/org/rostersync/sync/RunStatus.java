package org.rostersync.sync;

/** A run's outcome as operators see it. */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, COMPLETED_WITH_ERRORS, HELD, FAILED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
