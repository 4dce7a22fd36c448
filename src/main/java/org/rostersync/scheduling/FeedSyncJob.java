package org.rostersync.scheduling;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.rostersync.logging.Failures;
import org.rostersync.sync.ImportRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One firing of a feed's trigger: runs the import on this Quartz worker and waits for it, so the cluster never
 * fires the feed again while it runs. A manual run in progress makes the firing a logged skip (see
 * {@link ImportRuns#runScheduled}).
 */
@DisallowConcurrentExecution
class FeedSyncJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(FeedSyncJob.class);

    private final ImportRuns runs;

    FeedSyncJob(ImportRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String feedId = context.getMergedJobDataMap().getString(FeedTriggers.FEED_ID);
        try {
            runs.runScheduled(feedId, context.getScheduledFireTime().toInstant());
        } catch (RuntimeException e) {
            RuntimeException logged = Failures.withoutMessages(e);
            log.error("Scheduled run of feed {} could not start", feedId, logged);
            // Quartz logs what it is given: the failure without its messages
            throw new JobExecutionException(logged, false);
        }
    }
}
