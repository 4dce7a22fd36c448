package org.rostersync.staff;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The one writer of {@code staff_account} and {@code staff_snapshot}: the staff records an import run's plan creates,
 * changes, marks missing, deactivates, and a revert restores. Each statement is set-based and takes the run's plan
 * ({@code planned_change}, where a staff run keeps the Staff ID in {@code student_id} and the staff record's id in
 * {@code account_id}) and staging ({@code staged_staff}) as its input; {@code sync} decides, this applies. Every
 * statement only moves a record towards the planned state, so a restarted apply step converges on the same records.
 * Also the reads of the Staff page and API.
 */
@Repository
public class RosterStaffRecords {

    /** A plan entry {@code c} joined to its staged row {@code s}. */
    private static final String STAGED = """
            FROM planned_change c
            JOIN staged_staff s ON s.run_id = c.run_id AND s.staff_id = c.student_id AND s.school_id = c.school_id""";

    private static final String CREATE = """
            INSERT INTO staff_account (staff_id, school_id, district_id, email, email_key, first_name, last_name, role,
                status, feed_id, created_at, updated_at, last_run_id)
            SELECT s.staff_id, s.school_id, ?, s.email, LOWER(s.email), s.first_name, s.last_name, s.role, 'ACTIVE', ?,
                   ?, ?, c.run_id
            """ + STAGED + """

             WHERE c.run_id = ? AND c.action = 'CREATE'
               AND NOT EXISTS (SELECT 1 FROM staff_account a
                                WHERE a.staff_id = s.staff_id AND a.school_id = s.school_id)""";

    /** Changed and returning staff: the roster's fields win, and a returning staff member is ACTIVE again. */
    private static final String UPDATE = """
            MERGE INTO staff_account a
            USING (SELECT c.account_id, s.first_name, s.last_name, s.email, s.role
                   """ + STAGED + """

                    WHERE c.run_id = ? AND c.action IN ('UPDATE', 'REACTIVATE')) s
               ON a.id = s.account_id
            WHEN MATCHED THEN UPDATE SET
                   first_name = s.first_name, last_name = s.last_name, email = s.email, email_key = LOWER(s.email),
                   role = s.role, status = 'ACTIVE', deactivated_at = NULL, missing_since = NULL, feed_id = ?,
                   updated_at = ?, last_run_id = ?""";

    /** Before-images of every staff record the plan changes, so that the run can be reverted. */
    private static final String SNAPSHOT = """
            INSERT INTO staff_snapshot (run_id, account_id, first_name, last_name, email, email_key, role, status,
                missing_since, deactivated_at, last_run_id)
            SELECT ?, a.id, a.first_name, a.last_name, a.email, a.email_key, a.role, a.status, a.missing_since,
                   a.deactivated_at, a.last_run_id
              FROM staff_account a
             WHERE a.id IN (SELECT c.account_id FROM planned_change c
                             WHERE c.run_id = ? AND (c.action IN ('UPDATE', 'REACTIVATE', 'DEACTIVATE', 'MISSING')
                                                     OR (c.action = 'UNCHANGED' AND c.was_missing = TRUE)))
               AND NOT EXISTS (SELECT 1 FROM staff_snapshot s WHERE s.run_id = ? AND s.account_id = a.id)""";

    private static final String CLEAR_MISSING = """
            UPDATE staff_account SET missing_since = NULL
             WHERE missing_since IS NOT NULL
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ? AND c.action = 'UNCHANGED' AND c.was_missing = TRUE)""";

    /** Only while still at the school: a missing staff member's record is the record of that school. */
    private static final String MARK_MISSING = """
            UPDATE staff_account SET missing_since = ?
             WHERE missing_since IS NULL AND school_id = ?
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ?
                             AND (c.action = 'MISSING' OR (c.action = 'DEACTIVATE' AND c.held = TRUE)))""";

    private static final String DEACTIVATE = """
            UPDATE staff_account
               SET status = 'DEACTIVATED', deactivated_at = ?, missing_since = COALESCE(missing_since, ?),
                   updated_at = ?, last_run_id = ?
             WHERE status <> 'DEACTIVATED' AND school_id = ?
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ? AND c.action = 'DEACTIVATE' AND c.held = FALSE)""";

    private static final String DEACTIVATE_HELD = """
            UPDATE staff_account
               SET status = 'DEACTIVATED', deactivated_at = ?, updated_at = ?, last_run_id = ?
             WHERE status <> 'DEACTIVATED'
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ? AND c.action = 'DEACTIVATE' AND c.held = TRUE
                             AND c.school_id = staff_account.school_id)""";

    /** The before-images of the run's records that its revert plan restores (entries with a previous school). */
    private static final String RESTORE = """
            MERGE INTO staff_account a
            USING (SELECT s.* FROM staff_snapshot s
                     JOIN planned_change r ON r.run_id = ? AND r.account_id = s.account_id
                                          AND r.previous_school_id IS NOT NULL
                    WHERE s.run_id = ?) s
               ON a.id = s.account_id
            WHEN MATCHED THEN UPDATE SET
                   first_name = s.first_name, last_name = s.last_name, email = s.email, email_key = s.email_key,
                   role = s.role, status = s.status, missing_since = s.missing_since,
                   deactivated_at = s.deactivated_at, last_run_id = ?, updated_at = ?""";

    /** The records a run created that its revert plan retires (entries without a previous school). */
    private static final String RETIRE = """
            UPDATE staff_account
               SET status = 'DEACTIVATED', deactivated_at = ?, updated_at = ?, last_run_id = ?
             WHERE status <> 'DEACTIVATED'
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ? AND c.action = 'DEACTIVATE' AND c.previous_school_id IS NULL)""";

    private final JdbcTemplate jdbc;

    RosterStaffRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the before-images of the records the run's plan changes; before any of the changes below. */
    public int snapshot(long runId) {
        return jdbc.update(SNAPSHOT, runId, runId, runId);
    }

    /** Creates the plan's new staff records, ACTIVE; a record another run created meanwhile is left alone. */
    public int create(long runId, String districtId, String feedId, OffsetDateTime now) {
        return jdbc.update(CREATE, districtId, feedId, now, now, runId);
    }

    /** Applies the plan's updates and reactivations. */
    public int update(long runId, String feedId, OffsetDateTime now) {
        return jdbc.update(UPDATE, runId, feedId, now, runId);
    }

    /** Staff back in the file inside their grace window are kept. */
    public int clearMissing(long runId) {
        return jdbc.update(CLEAR_MISSING, runId);
    }

    /** Stamps the school's staff the plan found missing (inside the grace window, or held) with {@code since}. */
    public int markMissing(long runId, String schoolId, OffsetDateTime since) {
        return jdbc.update(MARK_MISSING, since, schoolId, runId);
    }

    /** Deactivates the school's staff records the plan deactivates and no guard held. */
    public int deactivate(long runId, String schoolId, OffsetDateTime now, OffsetDateTime missingSince) {
        return jdbc.update(DEACTIVATE, now, missingSince, now, runId, schoolId, runId);
    }

    /** Deactivates the records a guard held, once an admin approved them. */
    public int deactivateHeld(long runId, OffsetDateTime now) {
        return jdbc.update(DEACTIVATE_HELD, now, now, runId, runId);
    }

    /** Restores the records of {@code runId} that the revert run's plan names from their before-images. */
    public int restore(long runId, long revertRunId, OffsetDateTime now) {
        return jdbc.update(RESTORE, revertRunId, runId, revertRunId, now);
    }

    /** Deactivates the created records that the revert run's plan retires. */
    public int retire(long revertRunId, OffsetDateTime now) {
        return jdbc.update(RETIRE, now, now, revertRunId, revertRunId);
    }

    /** A school's roster staff, by last and first name; {@code status} {@code null} for every status. */
    public List<RosterStaffMember> inSchool(String schoolId, String status, int offset, int limit) {
        return jdbc.query("""
                SELECT staff_id, school_id, email, first_name, last_name, role, status FROM staff_account
                 WHERE school_id = ? AND (CAST(? AS VARCHAR(20)) IS NULL OR status = ?)
                 ORDER BY last_name, first_name, staff_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY""",
                (rs, n) -> new RosterStaffMember(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)),
                schoolId, status, status, offset, limit);
    }

    public long countInSchool(String schoolId, String status) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM staff_account
                 WHERE school_id = ? AND (CAST(? AS VARCHAR(20)) IS NULL OR status = ?)""", Long.class,
                schoolId, status, status);
    }
}
