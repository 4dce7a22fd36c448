/**
 * The Spring Batch import job: load a roster into staging, plan the changes in SQL, apply them, report the run.
 * <p>
 * It writes the run's tables ({@code import_run}, {@code run_column}, {@code staged_student}, {@code rejected_row},
 * {@code planned_change}, {@code run_block}, {@code withdrawn_student}, {@code kept_student}, {@code account_snapshot}),
 * {@code feed_state},
 * the {@code housekeeping} claims, and Spring Batch's {@code BATCH_*} tables (through its job repository, and when old
 * runs' history is deleted). Of the account module's tables, only the apply step's set-based statements write
 * {@code student_account} and {@code account_event} (see {@code internal/job/ChangeApplier}), and a district's first
 * import in one pass {@code student_account} (see {@code internal/job/FirstImport}); every other write to them goes
 * through the account module.
 */
package org.rostersync.sync;
