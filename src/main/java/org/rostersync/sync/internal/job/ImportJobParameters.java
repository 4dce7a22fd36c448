package org.rostersync.sync.internal.job;

/** Names of the import job's parameters. Only the run id identifies a job instance. */
public final class ImportJobParameters {

    public static final String RUN_ID = "runId";
    public static final String FEED_ID = "feedId";
    public static final String FILE = "file";
    public static final String DRY_RUN = "dryRun";
    public static final String FORCE = "force";
    public static final String REQUESTED_BY = "requestedBy";

    /** Key in the job's execution context: the earlier run whose plan an unchanged file reuses. */
    public static final String REUSED_RUN = "reusedRun";

    private ImportJobParameters() {
    }
}
