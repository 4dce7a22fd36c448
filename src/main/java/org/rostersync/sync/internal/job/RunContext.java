package org.rostersync.sync.internal.job;

import org.rostersync.school.ImportFeed;

/**
 * The run a step works for, bound late to the job's parameters ({@link ImportJobParameters}).
 *
 * @param runId       the run's id, the job instance's one identifying parameter
 * @param feed        the feed the run imports
 * @param dryRun      whether the run stops after the guard, changing nothing
 * @param force       whether the run skips the guards
 * @param requestedBy who started the run, the actor of its account events
 * @param staff       whether the run imports the feed's staff records rather than its students
 */
record RunContext(long runId, ImportFeed feed, boolean dryRun, boolean force, String requestedBy, boolean staff) {
}
