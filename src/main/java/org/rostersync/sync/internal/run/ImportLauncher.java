package org.rostersync.sync.internal.run;

import org.rostersync.sync.internal.job.ImportJobParameters;
import org.rostersync.sync.internal.database.ImportCommits;

import org.rostersync.logging.Failures;
import org.rostersync.sync.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/** Starts the import job for a queued run on the import thread pool. */
@Component
public class ImportLauncher {

    private static final Logger log = LoggerFactory.getLogger(ImportLauncher.class);

    private final JobOperator jobOperator;
    private final Job rosterImportJob;
    private final RunRecords runs;
    private final RunReads reads;
    private final TaskExecutor executor;
    private final RunningImports running;
    private final RunLifecycle lifecycle;
    private final JobRepository jobRepository;

    ImportLauncher(JobOperator jobOperator, Job rosterImportJob, RunRecords runs, RunReads reads,
            @Qualifier("importExecutor") TaskExecutor executor, RunningImports running, RunLifecycle lifecycle,
            JobRepository jobRepository) {
        this.lifecycle = lifecycle;
        this.jobRepository = jobRepository;
        this.running = running;
        this.jobOperator = jobOperator;
        this.rosterImportJob = rosterImportJob;
        this.runs = runs;
        this.reads = reads;
        this.executor = executor;
    }

    /** Runs the job for a queued run in the background; the run's record tells how it went. */
    public void launch(long runId) {
        executor.execute(() -> run(runId));
    }

    /** Runs the job for a queued run on the calling thread. */
    public void run(long runId) {
        RunReads.RunSettings run = reads.settings(runId).orElseThrow();
        if (running.shuttingDown()) {
            runs.finish(runId, RunStatus.FAILED, "The server shut down before the run started; nothing was changed."
                    + " Run the feed again.");
            runs.release(run.feedId(), runId);
            return;
        }
        JobParametersBuilder builder = new JobParametersBuilder()
                .addLong(ImportJobParameters.RUN_ID, runId)
                .addString(ImportJobParameters.FEED_ID, run.feedId(), false);
        if (run.filePath() != null) {
            // an uploaded file; without one the job's fetch step downloads the feed's file first
            builder.addString(ImportJobParameters.FILE, run.filePath(), false);
        }
        JobParameters parameters = builder
                .addString(ImportJobParameters.REQUESTED_BY, run.requestedBy() == null ? "" : run.requestedBy(), false)
                .addString(ImportJobParameters.DRY_RUN, String.valueOf(run.dryRun()), false)
                .addString(ImportJobParameters.FORCE, String.valueOf(run.force()), false)
                .addString(ImportJobParameters.STAFF, String.valueOf(run.staff()), false)
                .toJobParameters();
        try {
            ImportCommits.runStarts();
            jobOperator.start(rosterImportJob, parameters);
        } catch (Exception e) {
            ImportCommits.runEnds(); // the failure's record commits durably
            JobExecution unended = running.ofRun(runId).orElse(null);
            if (unended != null) {
                endUnrecorded(runId, unended, e);
                return;
            }
            // the job never started, so its listener will not close the run (or it did, and Spring Batch could not
            // store the job's end after it): do it here, unless the listener did; across an outage of the database
            log.error("Run {} of feed {} could not start", runId, run.feedId(), Failures.withoutMessages(e));
            String message = DatabaseOutage.lostConnection(e) ? RunLifecycle.databaseLost(runId)
                    : "The import could not start (" + e.getClass().getSimpleName() + "); nothing was changed. The"
                            + " server log has the details for run " + runId + ".";
            DatabaseOutage.retry("the end of run " + runId, () -> {
                runs.finishIfActive(runId, RunStatus.FAILED, message);
                runs.release(run.feedId(), runId);
                return null;
            }, running::shuttingDown);
        } finally {
            ImportCommits.runEnds();
        }
    }

    /**
     * A job that ran here but whose end Spring Batch could not store: it stores a job's end before it calls the job's
     * listeners, so when the database went away under the run, {@link RunLifecycle} was never told and the job's
     * record stays STARTED. Once the database answers again, the run is ended as its listener would have ended it
     * (its staging dropped, its feed released), and the job's record is recovered as FAILED.
     */
    private void endUnrecorded(long runId, JobExecution execution, Exception failure) {
        log.error("The end of the job of run {} could not be stored", runId, Failures.withoutMessages(failure));
        execution.addFailureException(failure);
        lifecycle.afterJob(execution);
        DatabaseOutage.retry("the job record of run " + runId, () -> {
            JobExecution stored = jobRepository.getJobExecution(execution.getId());
            if (stored != null && stored.isRunning()) {
                jobOperator.recover(stored);
            }
            return null;
        }, running::shuttingDown);
    }

    /**
     * Restarts the job instance of an interrupted run on the calling thread (Spring Batch restart: a new execution
     * of the same instance and parameters, which skips the steps that completed and resumes the load step after its
     * last committed chunk). The run's record tells how it went.
     *
     * @param interrupted the run's last job execution, recovered (no longer running)
     * @return false when the job could not be restarted: the run is then ended FAILED and its feed released
     */
    boolean restart(long runId, String feedId, JobExecution interrupted) {
        try {
            ImportCommits.runStarts();
            jobOperator.restart(interrupted);
            return true;
        } catch (Exception e) {
            ImportCommits.runEnds(); // the failure's record commits durably
            JobExecution unended = running.ofRun(runId).orElse(null);
            if (unended != null) {
                endUnrecorded(runId, unended, e);
                return true;
            }
            log.error("Run {} of feed {} could not be restarted", runId, feedId, Failures.withoutMessages(e));
            runs.finish(runId, RunStatus.FAILED, "The import could not be restarted (" + e.getClass().getSimpleName()
                    + "); nothing was changed. The server log has the details for run " + runId + ".");
            runs.release(feedId, runId);
            return false;
        } finally {
            ImportCommits.runEnds();
        }
    }
}
