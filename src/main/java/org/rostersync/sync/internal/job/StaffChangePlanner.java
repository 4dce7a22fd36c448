package org.rostersync.sync.internal.job;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.roster.RosterMode;
import org.rostersync.school.ImportFeed;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The plan step of a staff run: compares staging with the staff records in set-based SQL and records one change per
 * staff member per school, in the same {@code planned_change} table as a student run (the Staff ID in
 * {@code student_id}, the staff record in {@code account_id}), so the guard, approvals, reports and pages work on it
 * unchanged. A staff member at two schools has a record at each: a school is never a transfer, only a record created
 * at one school and, at a school-level feed's next run, deactivated at the other. It changes no record.
 */
class StaffChangePlanner implements Tasklet {

    private static final String REJECT_DUPLICATES = """
            INSERT INTO rejected_row (run_id, line_no, column_name, reason, student_id)
            SELECT s.run_id, s.line_no, 'Staff ID',
                   'Staff ID ''' || s.staff_id || ''' already appears for school ' || s.school_id || ' on line '
                       || CAST(f.first_line AS VARCHAR(20)) || '; list each staff member once per school', s.staff_id
              FROM staged_staff s
              JOIN (SELECT staff_id, school_id, MIN(line_no) AS first_line FROM staged_staff
                     WHERE run_id = ? GROUP BY staff_id, school_id HAVING COUNT(*) > 1) f
                ON f.staff_id = s.staff_id AND f.school_id = s.school_id
             WHERE s.run_id = ? AND s.line_no > f.first_line""";

    private static final String DROP_DUPLICATES = """
            DELETE FROM staged_staff
             WHERE run_id = ? AND EXISTS (SELECT 1 FROM rejected_row r
                                           WHERE r.run_id = staged_staff.run_id AND r.line_no = staged_staff.line_no)""";

    private static final String COUNT_ROWS = """
            UPDATE import_run SET rows_read =
                   (SELECT COUNT(DISTINCT line_no) FROM staged_staff WHERE run_id = ?)
                 + (SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = ?)
             WHERE id = ?""";

    private static final String COUNT_WITHDRAWN = """
            UPDATE import_run SET rows_read = rows_read
                 + (SELECT COUNT(*) FROM withdrawn_student WHERE run_id = ?)
             WHERE id = ?""";

    /** Each staged row with the staff record of that staff member at that school, if there is one. */
    private static final String PLAN_ROWS = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no,
                was_missing)
            SELECT s.run_id, s.staff_id, s.school_id, NULL, a.id,
                   CASE WHEN a.id IS NULL THEN 'CREATE'
                        WHEN a.status = 'DEACTIVATED' THEN 'REACTIVATE'
                        WHEN a.first_name <> s.first_name OR a.last_name <> s.last_name OR a.email <> s.email
                             OR a.role <> s.role THEN 'UPDATE'
                        ELSE 'UNCHANGED' END,
                   s.line_no, CASE WHEN a.missing_since IS NULL THEN FALSE ELSE TRUE END
              FROM staged_staff s
              LEFT JOIN staff_account a ON a.staff_id = s.staff_id AND a.school_id = s.school_id
             WHERE s.run_id = ?""";

    /**
     * The school's active staff records the file lacks; one whose row was rejected, or whose Staff ID may be part of a
     * row that could not be read as written, is kept (as for students). Past the grace window, deactivated; inside
     * it, marked missing.
     */
    private static final String PLAN_MISSING = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.staff_id, a.school_id, NULL, a.id,
                   CASE WHEN COALESCE(a.missing_since, ?) <= ? THEN 'DEACTIVATE' ELSE 'MISSING' END, NULL
              FROM staff_account a
             WHERE a.school_id = ? AND a.status <> 'DEACTIVATED'
               AND NOT EXISTS (SELECT 1 FROM staged_staff s
                                WHERE s.run_id = ? AND s.staff_id = a.staff_id AND s.school_id = a.school_id)
               AND NOT EXISTS (SELECT 1 FROM rejected_row r WHERE r.run_id = ? AND r.student_id = a.staff_id)
               AND NOT EXISTS (SELECT 1 FROM kept_student k WHERE k.run_id = ?
                                  AND (k.student_id = a.staff_id
                                       OR CHAR_LENGTH(a.staff_id) >= 4 AND POSITION(a.staff_id IN k.student_id) > 0))""";

    /** A delta file's withdrawn staff: deactivated at once at the feed's school. */
    private static final String PLAN_WITHDRAWN = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.staff_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM staff_account a
             WHERE a.school_id = ? AND a.status <> 'DEACTIVATED'
               AND a.staff_id IN (SELECT w.student_id FROM withdrawn_student w WHERE w.run_id = ?)
               AND NOT EXISTS (SELECT 1 FROM staged_staff s
                                WHERE s.run_id = ? AND s.staff_id = a.staff_id AND s.school_id = a.school_id)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ImportFeed feed;
    private final long runId;
    private final RosterReports reports;
    private final RunRecords runs;

    StaffChangePlanner(JdbcTemplate jdbc, Clock clock, ImportFeed feed, long runId, RosterReports reports,
            RunRecords runs) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.feed = feed;
        this.runId = runId;
        this.reports = reports;
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        runs.markStaffRun(runId);
        jdbc.update("DELETE FROM planned_change WHERE run_id = ?", runId);
        Instant now = ChangePlanner.recordPlannedAt(chunkContext, clock);
        jdbc.update(REJECT_DUPLICATES, runId, runId);
        jdbc.update(DROP_DUPLICATES, runId);
        jdbc.update(COUNT_ROWS, runId, runId, runId);
        int planned = jdbc.update(PLAN_ROWS, runId);
        RosterMode mode = reports.mode(runId);
        // district-level files never deactivate: only a school's own file says who left it
        if (mode != RosterMode.BULK) {
            jdbc.update(COUNT_WITHDRAWN, runId, runId);
            if (feed.mayDeactivate()) {
                planned += jdbc.update(PLAN_WITHDRAWN, runId, feed.schoolId(), runId, runId);
            }
        } else if (feed.mayDeactivate()) {
            OffsetDateTime nowUtc = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(feed.deactivationGrace()), ZoneOffset.UTC);
            planned += jdbc.update(PLAN_MISSING, runId, nowUtc, cutoff, feed.schoolId(), runId, runId, runId);
        }
        contribution.incrementWriteCount(planned);
        return RepeatStatus.FINISHED;
    }
}
