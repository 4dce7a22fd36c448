package org.rostersync.sync.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The report step: stores the run's counts from its plan and rejected rows, then empties its staging rows but those
 * of held moves, which their approval applies. A run that reused an unchanged file's plan counts every row of the file
 * unchanged; held changes count as held, not as done.
 */
public class RunReporter implements Tasklet {

    private static final String COUNTS = """
            UPDATE import_run SET
                   created     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'CREATE'),
                   updated     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'UPDATE'),
                   transferred = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'TRANSFER' AND held = FALSE),
                   reactivated = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'REACTIVATE' AND held = FALSE),
                   unchanged   = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'UNCHANGED')
                               + COALESCE((SELECT r.rows_read FROM import_run r
                                            WHERE r.id = ? AND r.reused_run_id IS NOT NULL), 0),
                   missing     = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'MISSING'),
                   deactivated = (SELECT COUNT(*) FROM planned_change
                                   WHERE run_id = ? AND action = 'DEACTIVATE' AND held = FALSE),
                   held        = (SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND held = TRUE),
                   rejected    = (SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = ?)
             WHERE id = ?""";

    private final JdbcTemplate jdbc;
    private final long runId;

    public RunReporter(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.update(COUNTS, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId, runId);
        HeldMoves.dropStaging(jdbc, runId);
        return RepeatStatus.FINISHED;
    }
}
