package org.rostersync.sync;

/** A feed already has a run queued or in progress; only one runs at a time. */
public class FeedBusyException extends RuntimeException {

    private final long activeRunId;

    public FeedBusyException(String feedId, long activeRunId) {
        super("feed '" + feedId + "' is already running (run " + activeRunId + "); wait for it to finish and try"
                + " again");
        this.activeRunId = activeRunId;
    }

    public long activeRunId() {
        return activeRunId;
    }
}
