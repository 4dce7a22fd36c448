package org.rostersync.sync.internal.run;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.staff.RosterStaffRecords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Undoes an applied staff run as {@link RunReverter} does a student run: records restored from their before-images,
 * deactivations reactivated, reactivations deactivated again, and the records it created deactivated; a record a
 * later run changed since is left as it is and counted. The revert is its own staff run, with its own plan.
 */
@Component
public class StaffRunReverter {

    /**
     * Restores: a previous school (the record's own) marks them apart from the retired creations below. Apart from
     * {@link RunReverter#UNTOUCHED_SINCE} not the student statement: a staff record has no school to move back to,
     * no transfers and no passwords.
     */
    private static final String PLAN_RESTORES = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.staff_id, a.school_id, a.school_id, a.id,
                   CASE WHEN c.action = 'DEACTIVATE' AND c.held = FALSE THEN 'REACTIVATE'
                        WHEN c.action = 'REACTIVATE' THEN 'DEACTIVATE'
                        WHEN c.action = 'UPDATE' THEN 'UPDATE'
                        ELSE 'UNCHANGED' END,
                   NULL
              FROM staff_snapshot s
              JOIN planned_change c ON c.run_id = s.run_id AND c.account_id = s.account_id
              JOIN staff_account a ON a.id = s.account_id
             WHERE s.run_id = ? AND """ + " " + RunReverter.UNTOUCHED_SINCE;

    /** Records it created still active; unlike a student account's, no use since keeps a staff record. */
    private static final String PLAN_RETIRE_CREATED = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.staff_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM planned_change c
              JOIN staff_account a ON a.staff_id = c.student_id AND a.school_id = c.school_id
             WHERE c.run_id = ? AND c.action = 'CREATE' AND a.last_run_id = c.run_id AND a.status = 'ACTIVE'""";

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final Clock clock;
    private final RunReport report;
    private final RosterStaffRecords staff;

    StaffRunReverter(JdbcTemplate jdbc, RunRecords runs, Clock clock, RunReport report, RosterStaffRecords staff) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.report = report;
        this.staff = staff;
    }

    /** Reverts the staff run {@code runId} as the run {@code revertRunId}; the caller holds the feed's claim and a transaction. */
    public RunReverter.Outcome revert(long runId, long revertRunId) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        runs.markStaffRun(revertRunId);
        int restored = jdbc.update(PLAN_RESTORES, revertRunId, runId);
        staff.restore(runId, revertRunId, now);
        int retired = jdbc.update(PLAN_RETIRE_CREATED, revertRunId, runId);
        staff.retire(revertRunId, now);
        return RunReverter.recorded(jdbc, runs, report, "staff_snapshot", runId, revertRunId, restored, retired, now);
    }
}
