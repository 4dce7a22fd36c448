/**
 * Runs: their records and claims, launching, lifecycle, recovery, history, progress and reverts. Every statement on
 * {@code import_run} and {@code feed_state} is in {@link org.rostersync.sync.internal.run.RunRecords} (commands) or
 * {@link org.rostersync.sync.internal.run.RunReads} (reads), but for a few set-based ones that join a step's own
 * tables, each commented where it stands.
 */
package org.rostersync.sync.internal.run;
