package org.rostersync.sync.internal.job;

import java.util.function.LongPredicate;

import org.springframework.batch.core.job.parameters.JobParameters;

/** Names of the import job's parameters. Only the run id identifies a job instance. */
public final class ImportJobParameters {

    public static final String RUN_ID = "runId";
    public static final String FEED_ID = "feedId";
    public static final String FILE = "file";
    public static final String DRY_RUN = "dryRun";
    public static final String FORCE = "force";
    public static final String REQUESTED_BY = "requestedBy";

    /**
     * "true" for a run of staff records. A parameter, so that the job's steps need not ask the run's record each
     * time; a run launched before it existed has none, and {@link #staff} then asks the record.
     */
    public static final String STAFF = "staff";

    /** Key in the job's execution context: the earlier run whose plan an unchanged file reuses. */
    public static final String REUSED_RUN = "reusedRun";

    private ImportJobParameters() {
    }

    /** Whether the job's run imports staff records: its {@link #STAFF} parameter, else the run's record. */
    public static boolean staff(JobParameters parameters, LongPredicate staffRun) {
        String staff = parameters.getString(STAFF);
        return staff == null ? staffRun.test(parameters.getLong(RUN_ID)) : Boolean.parseBoolean(staff);
    }
}
