package org.rostersync.sync;

import java.time.Instant;

/** One execution of the import job for one feed, as its report. */
public record ImportRun(long runId, String feedId, ImportTrigger trigger, RunStatus status, boolean dryRun,
        Instant queuedAt, Instant startedAt, Instant endedAt, String message, RunCounts counts) {
}
