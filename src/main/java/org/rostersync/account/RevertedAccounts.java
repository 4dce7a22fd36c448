package org.rostersync.account;

import static org.rostersync.account.AccountEventType.DEACTIVATED;
import static org.rostersync.account.AccountEventType.REACTIVATED;
import static org.rostersync.account.AccountEventType.TRANSFERRED;
import static org.rostersync.account.AccountEventType.UPDATED;

import java.time.OffsetDateTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The account writes of a run's revert: accounts put back from the before-images the run's apply step kept
 * ({@code account_snapshot}), the accounts it created retired, and the revert's audit events. Set-based over the
 * revert run's plan ({@code planned_change}), which the sync module writes first and which decides which accounts are
 * still the run's to undo; the caller holds the feed's claim, the {@code username_lock} row and a transaction.
 */
@Repository
public class RevertedAccounts {

    private static final String RESTORE = """
            MERGE INTO student_account a
            USING (SELECT s.*, r.action AS revert_action
                     FROM account_snapshot s
                     JOIN planned_change r ON r.run_id = ? AND r.account_id = s.account_id
                    WHERE s.run_id = ?) s
               ON a.id = s.account_id
            WHEN MATCHED THEN UPDATE SET
                   school_id = s.school_id, first_name = s.first_name, last_name = s.last_name,
                   middle_initial = s.middle_initial, grade = s.grade, birth_date = s.birth_date, email = s.email,
                   email_from_staff = COALESCE(s.email_from_staff, a.email_from_staff),
                   guardian_email = s.guardian_email, gender = s.gender, home_room = s.home_room,
                   reference_id = s.reference_id, row_hash = s.row_hash, origin = s.origin,
                   status = CASE WHEN s.revert_action NOT IN ('REACTIVATE', 'DEACTIVATE') THEN a.status
                                 WHEN s.status = 'PASSWORD_ISSUED' AND a.password_hash IS NULL
                                 THEN 'PENDING_ACTIVATION' ELSE s.status END,
                   status_before_deactivation = CASE WHEN s.revert_action NOT IN ('REACTIVATE', 'DEACTIVATE')
                                                     THEN a.status_before_deactivation
                                                     WHEN s.status_before_deactivation = 'PASSWORD_ISSUED'
                                                          AND a.password_hash IS NULL THEN 'PENDING_ACTIVATION'
                                                     ELSE s.status_before_deactivation END,
                   deactivated_at = CASE WHEN s.revert_action IN ('REACTIVATE', 'DEACTIVATE') THEN s.deactivated_at
                                         ELSE a.deactivated_at END,
                   missing_since = s.missing_since, last_run_id = ?, updated_at = ?""";

    /**
     * Students whose row the run rejected but who were in its file, back inside their grace window: the run cancelled
     * the window without a plan entry. It is put back from the before-image unless a later run touched the account.
     */
    private static final String RESTORE_WINDOWS = """
            UPDATE student_account
               SET missing_since = (SELECT s.missing_since FROM account_snapshot s
                                     WHERE s.run_id = ? AND s.account_id = student_account.id)
             WHERE missing_since IS NULL AND status <> 'DEACTIVATED'
               AND id IN (SELECT s.account_id FROM account_snapshot s
                           WHERE s.run_id = ? AND s.missing_since IS NOT NULL
                             AND COALESCE(s.last_run_id, -1) = COALESCE(student_account.last_run_id, -1)
                             AND NOT EXISTS (SELECT 1 FROM planned_change c
                                              WHERE c.run_id = s.run_id AND c.account_id = s.account_id))""";

    private static final String RETIRE_CREATED = """
            UPDATE student_account
               SET status_before_deactivation = status, status = 'DEACTIVATED', deactivated_at = ?, updated_at = ?,
                   last_run_id = ?
             WHERE id IN (SELECT account_id FROM planned_change WHERE run_id = ? AND action = 'DEACTIVATE'
                                                                  AND previous_school_id IS NULL)
               AND status <> 'DEACTIVATED'""";

    private static final String AUDIT = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT c.account_id, CASE c.action WHEN 'UPDATE' THEN %s WHEN 'TRANSFER' THEN %s
                                               WHEN 'REACTIVATE' THEN %s ELSE %s END,
                   ?, ?, c.run_id, 'revert of run ' || CAST(? AS VARCHAR(20))
              FROM planned_change c
             WHERE c.run_id = ? AND c.action <> 'UNCHANGED'"""
            .formatted(UPDATED.sql(), TRANSFERRED.sql(), REACTIVATED.sql(), DEACTIVATED.sql());

    private final JdbcTemplate jdbc;

    RevertedAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Puts back, from run {@code runId}'s before-images, the accounts that the revert run {@code revertRunId} planned
     * to restore, statuses only where the revert reactivates or deactivates; a password the run revoked stays
     * revoked (an account restored to PASSWORD_ISSUED without a password is PENDING_ACTIVATION).
     */
    public void restore(long runId, long revertRunId, OffsetDateTime now) {
        jdbc.update(RESTORE, revertRunId, runId, revertRunId, now);
    }

    /**
     * Puts back the grace windows that run {@code runId} cancelled without a plan entry (rejected rows of students
     * who were in its file), unless a later run touched the account.
     *
     * @return how many accounts were put back
     */
    public int restoreGraceWindows(long runId) {
        return jdbc.update(RESTORE_WINDOWS, runId, runId);
    }

    /** Deactivates the accounts the revert run planned to retire (the unused ones the reverted run created). */
    public void retireCreated(long revertRunId, OffsetDateTime now) {
        jdbc.update(RETIRE_CREATED, now, now, revertRunId, revertRunId);
    }

    /** One audit event naming the reverted run for each account the revert run changed. */
    public void record(long runId, long revertRunId, OffsetDateTime now, String actor) {
        jdbc.update(AUDIT, now, actor, runId, revertRunId);
    }
}
