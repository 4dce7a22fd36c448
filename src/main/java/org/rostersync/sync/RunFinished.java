package org.rostersync.sync;

/**
 * Published once a run has ended and its feed is free again, with the run as recorded (status, message, counts).
 * Listeners run on the import thread after the run's record is committed; a failing listener changes nothing.
 */
public record RunFinished(ImportRun run) {
}
