package org.rostersync.scheduling;

import java.time.Instant;
import java.util.Date;

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
 * <p>
 * Firings that came due while the feed's previous firing ran, or while no node was up, wait in Quartz and then fire
 * one after the other, each as late as it is (within {@code misfireThreshold} Quartz replays them rather than
 * treating them as missed). Each would be a full run of the same file, back to back. So a firing whose trigger's
 * next firing is already due does not run: the latest due firing runs, once, and brings the feed up to date.
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
        Instant scheduledFor = context.getScheduledFireTime().toInstant();
        Date next = context.getNextFireTime();
        // Quartz's clock, the system's, not the application's Clock
        if (next != null && !next.toInstant().isAfter(Instant.now())) {
            log.info("Firing of feed {} for {} left to its firing for {}, which is due too: firings that came due"
                    + " while the feed was busy or no node was up run once", feedId, scheduledFor, next.toInstant());
            return;
        }
        try {
            runs.runScheduled(feedId, scheduledFor);
        } catch (RuntimeException e) {
            RuntimeException logged = Failures.withoutMessages(e);
            log.error("Scheduled run of feed {} could not start", feedId, logged);
            // Quartz logs what it is given: the failure without its messages
            throw new JobExecutionException(logged, false);
        }
    }
}
