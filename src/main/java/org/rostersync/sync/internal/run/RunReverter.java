package org.rostersync.sync.internal.run;

import org.rostersync.sync.internal.plan.UnusedPasswords;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Undoes an applied run from the before-images its apply step kept: fields and schools restored, deactivations
 * reactivated, reactivations deactivated again, and the accounts it created deactivated when nobody has used them.
 * An account that a later run or request changed since, or a reactivated student who was given a password or signed
 * in since, is left as it is and counted, never overwritten. A password the run revoked (see {@link UnusedPasswords})
 * stays revoked: an account restored to PASSWORD_ISSUED without a password is PENDING_ACTIVATION. The revert
 * is recorded as its own run, with its own plan and audit events.
 */
@Component
public class RunReverter {

    /** Which run last touched an account, if the reverted run's change is still the latest one on it. */
    private static final String UNTOUCHED_SINCE = """
            COALESCE(a.last_run_id, -1) = CASE WHEN c.action IN ('MISSING', 'UNCHANGED')
                                                     OR (c.action = 'DEACTIVATE' AND c.held = TRUE)
                                                THEN COALESCE(s.last_run_id, -1) ELSE c.run_id END""";

    private static final String PLAN_RESTORES = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, s.school_id, a.school_id, a.id,
                   CASE WHEN c.action = 'DEACTIVATE' AND c.held = FALSE THEN 'REACTIVATE'
                        WHEN c.action = 'REACTIVATE' THEN 'DEACTIVATE'
                        WHEN c.action = 'TRANSFER' THEN 'TRANSFER'
                        WHEN c.action = 'UPDATE' THEN 'UPDATE'
                        ELSE 'UNCHANGED' END,
                   NULL
              FROM account_snapshot s
              JOIN planned_change c ON c.run_id = s.run_id AND c.account_id = s.account_id
              JOIN student_account a ON a.id = s.account_id
             WHERE s.run_id = ? AND """ + " " + UNTOUCHED_SINCE + """

               AND NOT (c.action = 'REACTIVATE' AND (COALESCE(a.password_issued_at >= ?, FALSE)
                                                     OR COALESCE(a.activated_at >= ?, FALSE)
                                                     OR COALESCE(a.last_login_at >= ?, FALSE)))""";

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

    /** Accounts the run created that are still as it left them and were never used. */
    private static final String PLAN_RETIRE_CREATED = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM planned_change c
              JOIN student_account a ON a.district_id = ? AND a.student_id = c.student_id
             WHERE c.run_id = ? AND c.action = 'CREATE' AND a.last_run_id = c.run_id AND a.activated_at IS NULL
               AND a.status IN ('PENDING_ACTIVATION', 'PASSWORD_ISSUED')""";

    private static final String RETIRE_CREATED = """
            UPDATE student_account
               SET status_before_deactivation = status, status = 'DEACTIVATED', deactivated_at = ?, updated_at = ?,
                   last_run_id = ?
             WHERE id IN (SELECT account_id FROM planned_change WHERE run_id = ? AND action = 'DEACTIVATE'
                                                                  AND previous_school_id IS NULL)
               AND status <> 'DEACTIVATED'""";

    private static final String AUDIT = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT c.account_id, CASE c.action WHEN 'UPDATE' THEN 'UPDATED' WHEN 'TRANSFER' THEN 'TRANSFERRED'
                                               WHEN 'REACTIVATE' THEN 'REACTIVATED' ELSE 'DEACTIVATED' END,
                   ?, ?, c.run_id, 'revert of run ' || CAST(? AS VARCHAR(20))
              FROM planned_change c
             WHERE c.run_id = ? AND c.action <> 'UNCHANGED'""";

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final Clock clock;
    private final RunReport report;

    RunReverter(JdbcTemplate jdbc, RunRecords runs, Clock clock, RunReport report) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.report = report;
    }

    /**
     * Reverts {@code runId} as the run {@code revertRunId}; the caller holds the feed's claim and a transaction.
     *
     * @return what was done, for the revert run's message
     */
    public Outcome revert(long runId, long revertRunId, String districtId, String actor) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.queryForList("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
        // logins and password resets leave last_run_id alone: a student given a password or signed in since the
        // run reactivated them is using the account, and keeps it
        OffsetDateTime applied = runs.appliedAt(runId).orElse(null);
        int restored = jdbc.update(PLAN_RESTORES, revertRunId, runId, applied, applied, applied);
        jdbc.update(RESTORE, revertRunId, runId, revertRunId, now);
        // their before-images have no plan entry: restored, not "changed since"
        restored += jdbc.update(RESTORE_WINDOWS, runId, runId);
        int retired = jdbc.update(PLAN_RETIRE_CREATED, revertRunId, districtId, runId);
        jdbc.update(RETIRE_CREATED, now, now, revertRunId, revertRunId);
        jdbc.update(AUDIT, now, actor, runId, revertRunId);
        int snapshots = jdbc.queryForObject("SELECT COUNT(*) FROM account_snapshot WHERE run_id = ?", Integer.class,
                runId);
        int created = jdbc.queryForObject("""
                SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'CREATE'""", Integer.class, runId);
        report.write(revertRunId);
        runs.recordRevertApplied(revertRunId, runId, now);
        runs.markRevertedBy(runId, revertRunId);
        return new Outcome(restored, retired, snapshots - restored, created - retired);
    }

    /**
     * @param restored       accounts put back as they were before the run
     * @param retired        accounts the run created, now deactivated
     * @param keptChanged    accounts changed again since the run, left as they are
     * @param keptCreated    accounts the run created that have been used (or changed) since, left as they are
     */
    public record Outcome(int restored, int retired, int keptChanged, int keptCreated) {
    }
}
