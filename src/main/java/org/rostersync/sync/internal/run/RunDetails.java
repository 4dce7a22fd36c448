package org.rostersync.sync.internal.run;

import java.util.List;

import org.rostersync.sync.ChangeAction;
import org.rostersync.sync.PlannedChange;
import org.rostersync.sync.RejectedRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of a run's details: its rejected rows and its plan, page by page, for its report. */
@Repository
public class RunDetails {

    private final JdbcClient jdbc;

    RunDetails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the run holds moves of students (transfers or returns) until a district admin approves them. */
    public boolean holdsTransfers(long runId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM planned_change
                 WHERE run_id = :run AND held = TRUE AND action IN ('TRANSFER', 'REACTIVATE')""")
                .param("run", runId).query(Long.class).single() > 0;
    }

    public List<RejectedRow> rejectedRows(long runId, int offset, int limit) {
        return jdbc.sql("""
                SELECT line_no, column_name, reason FROM rejected_row WHERE run_id = :run
                 ORDER BY line_no, column_name, reason OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""")
                .param("run", runId)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The rejected rows of the lines after {@code afterLine}, in line order, at most {@code limit}. */
    public List<RejectedRow> rejectedRowsAfterLine(long runId, long afterLine, int limit) {
        return jdbc.sql("""
                SELECT line_no, column_name, reason FROM rejected_row WHERE run_id = :run AND line_no > :after
                 ORDER BY line_no, column_name, reason FETCH FIRST :limit ROWS ONLY""")
                .param("run", runId)
                .param("after", afterLine)
                .param("limit", limit)
                .query((rs, n) -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Every rejected row of one line. */
    public List<RejectedRow> rejectedRowsOfLine(long runId, long line) {
        return jdbc.sql("""
                SELECT line_no, column_name, reason FROM rejected_row WHERE run_id = :run AND line_no = :line
                 ORDER BY column_name, reason""")
                .param("run", runId)
                .param("line", line)
                .query((rs, n) -> new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    public long countRejectedRows(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM rejected_row WHERE run_id = :run").param("run", runId)
                .query(Long.class).single();
    }

    public long countRejectedLines(long runId) {
        return jdbc.sql("SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = :run").param("run", runId)
                .query(Long.class).single();
    }

    /**
     * The rows a school run's load step found unchanged, recorded by chunk ({@code unchanged_chunk}) rather than planned
     * one by one: its UNCHANGED entries, at the run's school (an account's Student ID never changes), never held.
     */
    private static final String UNCHANGED_ENTRIES = """
            SELECT a.student_id, u.school_id, 'UNCHANGED' AS action, FALSE AS held
              FROM unchanged_chunk u
              JOIN student_account a ON a.id = ANY(u.account_ids)
             WHERE u.run_id = :run AND u.planned = TRUE AND (:action IS NULL OR :action = 'UNCHANGED')""";

    /**
     * A page of the run's plan in the order of schools and Student IDs: its planned entries, a school run's rows
     * recorded unchanged (above), and a one-pass first import's CREATE entries, from its blocks ({@link RunBlocks}).
     */
    public List<PlannedChange> changes(long runId, ChangeAction action, int offset, int limit) {
        return jdbc.sql("""
                SELECT student_id, school_id, action, held FROM (
                    SELECT student_id, school_id, action, held FROM planned_change
                     WHERE run_id = :run AND (:action IS NULL OR action = :action)
                    UNION ALL
                    %s
                    UNION ALL
                    SELECT e.student_id, e.school_id, 'CREATE', FALSE FROM (%s) e
                     WHERE :action IS NULL OR :action = 'CREATE') c
                 ORDER BY school_id, student_id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY"""
                .formatted(UNCHANGED_ENTRIES, RunBlocks.createEntries(":run")))
                .param("run", runId)
                .param("action", action == null ? null : action.name(), java.sql.Types.VARCHAR)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new PlannedChange(rs.getString(1), rs.getString(2),
                        ChangeAction.valueOf(rs.getString(3)), rs.getBoolean(4)))
                .list();
    }

    public long countChanges(long runId, ChangeAction action) {
        return jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM planned_change WHERE run_id = :run AND (:action IS NULL OR action = :action))
                     + (SELECT COALESCE(SUM(row_count), 0) FROM unchanged_chunk
                         WHERE run_id = :run AND planned = TRUE AND (:action IS NULL OR :action = 'UNCHANGED'))
                     + CASE WHEN :action IS NULL OR :action = 'CREATE' THEN (%s) ELSE 0 END""".formatted(
                        RunBlocks.createCount(":run")))
                .param("run", runId)
                .param("action", action == null ? null : action.name(), java.sql.Types.VARCHAR)
                .query(Long.class).single();
    }
}
