/**
 * The import job's configuration and its steps: fetch, load (reader, router, staging writer), plan, guard, apply, report.
 * The apply step ({@link org.rostersync.sync.internal.job.ChangeApplier}) is the one place outside the account module
 * that writes {@code student_account} and {@code account_event}: the import's set-based SQL, one statement for all of a
 * run's accounts of a kind, stays beside the plan it reads.
 */
package org.rostersync.sync.internal.job;
