/**
 * The import job's configuration and its steps: fetch, load (reader, router, staging writer), plan, guard, apply, report,
 * and a district's first import in one pass ({@link org.rostersync.sync.internal.job.FirstImport}) in place of load,
 * plan and apply. The apply step ({@link org.rostersync.sync.internal.job.ChangeApplier}) and the first import in one
 * pass are the places outside the account module that write {@code student_account} (and the apply step
 * {@code account_event}): the import's set-based writes, one statement for all of a run's accounts of a kind, stay
 * beside the plan or the file they come from.
 */
package org.rostersync.sync.internal.job;
