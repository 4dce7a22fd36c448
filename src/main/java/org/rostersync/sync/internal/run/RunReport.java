package org.rostersync.sync.internal.run;

import org.rostersync.sync.internal.plan.HeldMoves;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A run's report: stores its counts from its plan and rejected rows, then empties its staging rows but those of held
 * moves, which their approval applies. A run that reused an unchanged file's plan counts every row of the file
 * unchanged, and a school run counts the rows its load step found unchanged and recorded by chunk
 * ({@code unchanged_chunk}) with its UNCHANGED plan entries; a one-pass first import's creations are counted from its
 * blocks ({@link RunBlocks}); held changes count as held, not as done. Written by the report step, and by whoever
 * ends a run that step did not (an interrupted run that applied, a revert).
 */
@Component
public class RunReport {

    // stays here: it counts the run's plan into import_run in one set-based statement, the report's whole job
    private static final String COUNTS = """
            UPDATE import_run SET
                   created     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'CREATE')
                               + (%s),
                   updated     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'UPDATE'),
                   transferred = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'TRANSFER' AND held = FALSE),
                   reactivated = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'REACTIVATE' AND held = FALSE),
                   unchanged   = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'UNCHANGED')
                               + (SELECT COALESCE(SUM(row_count), 0) FROM unchanged_chunk
                                   WHERE run_id = ? AND planned = TRUE)
                               + COALESCE((SELECT r.rows_read FROM import_run r
                                            WHERE r.id = ? AND r.reused_run_id IS NOT NULL), 0),
                   missing     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'MISSING'),
                   deactivated = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'DEACTIVATE' AND held = FALSE),
                   held        = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND held = TRUE),
                   rejected    = (SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = ?)
             WHERE id = ?""".formatted(RunBlocks.createCount("?"));

    private final JdbcTemplate jdbc;

    RunReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the run's counts and empties its staging rows, in the caller's transaction. */
    public void write(long runId) {
        jdbc.update(COUNTS, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId);
        HeldMoves.dropStaging(jdbc, runId);
        jdbc.update("DELETE FROM staged_staff WHERE run_id = ?", runId);
    }
}
