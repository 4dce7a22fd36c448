package org.rostersync.sync.internal.run;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.account.RevertedAccounts;
import org.rostersync.account.UnusedPasswords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Undoes an applied run from the before-images its apply step kept: fields and schools restored, deactivations
 * reactivated, reactivations deactivated again, and the accounts it created deactivated when nobody has used them.
 * An account that a later run or request changed since, or a reactivated student who was given a password or signed
 * in since, is left as it is and counted, never overwritten. A password the run revoked (see {@link UnusedPasswords})
 * stays revoked: an account restored to PASSWORD_ISSUED without a password is PENDING_ACTIVATION. The revert
 * is recorded as its own run, with its own plan and audit events.
 * <p>
 * This class plans the revert ({@code planned_change}) and records it ({@code import_run}); the accounts and their
 * audit events are written by the account module ({@link RevertedAccounts}), from that plan.
 */
@Component
public class RunReverter {

    /** Which run last touched an account, if the reverted run's change is still the latest one on it. */
    static final String UNTOUCHED_SINCE = """
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

    /** Accounts the run created that are still as it left them and were never used. */
    private static final String PLAN_RETIRE_CREATED = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM planned_change c
              JOIN student_account a ON a.district_id = ? AND a.student_id = c.student_id
             WHERE c.run_id = ? AND c.action = 'CREATE' AND a.last_run_id = c.run_id AND a.activated_at IS NULL
               AND a.status IN ('PENDING_ACTIVATION', 'PASSWORD_ISSUED')""";

    /** The same for the accounts a one-pass first import created ({@link RunBlocks}). */
    private static final String PLAN_RETIRE_BLOCKS = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM (%s) c
              JOIN student_account a ON a.id = c.account_id
             WHERE a.last_run_id = ? AND a.activated_at IS NULL
               AND a.status IN ('PENDING_ACTIVATION', 'PASSWORD_ISSUED')""".formatted(RunBlocks.createEntries("?"));

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;
    private final Clock clock;
    private final RunReport report;
    private final RevertedAccounts accounts;

    RunReverter(JdbcTemplate jdbc, RunRecords runs, RunReads reads, Clock clock, RunReport report,
            RevertedAccounts accounts) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reads = reads;
        this.clock = clock;
        this.report = report;
        this.accounts = accounts;
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
        OffsetDateTime applied = reads.appliedAt(runId).orElse(null);
        int restored = jdbc.update(PLAN_RESTORES, revertRunId, runId, applied, applied, applied);
        accounts.restore(runId, revertRunId, now);
        // their before-images have no plan entry: restored, not "changed since"
        restored += accounts.restoreGraceWindows(runId);
        int retired = jdbc.update(PLAN_RETIRE_CREATED, revertRunId, districtId, runId)
                + jdbc.update(PLAN_RETIRE_BLOCKS, revertRunId, runId, runId);
        accounts.retireCreated(revertRunId, now);
        accounts.record(runId, revertRunId, now, actor);
        return recorded(jdbc, runs, report, "account_snapshot", runId, revertRunId, restored, retired, now);
    }

    /**
     * Writes the revert run's report, records the revert on both runs, and counts what it kept: the before-images
     * (in {@code snapshotTable}) it did not restore and the creations it did not retire. Shared by the student and
     * staff reverts.
     */
    static Outcome recorded(JdbcTemplate jdbc, RunRecords runs, RunReport report, String snapshotTable, long runId,
            long revertRunId, int restored, int retired, OffsetDateTime now) {
        int snapshots = jdbc.queryForObject("SELECT COUNT(*) FROM " + snapshotTable + " WHERE run_id = ?",
                Integer.class, runId);
        int created = jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'CREATE') + (%s)"""
                .formatted(RunBlocks.createCount("?")), Integer.class, runId, runId);
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
