package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.plan.UnchangedFiles;
import org.rostersync.sync.internal.run.RunRecords;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Clock;

import org.rostersync.school.ImportFeed;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The plan of an unchanged file (see {@link UnchangedFiles}): every row is as the earlier run left it, so only that
 * run's missing students are planned again — deactivated now if their grace window has ended, else still missing.
 */
public class ReusedPlan implements Tasklet {

    private static final String COLUMNS = """
            INSERT INTO run_column (run_id, column_no, header, field_key)
            SELECT ?, column_no, header, field_key FROM run_column WHERE run_id = ?""";

    private static final String PLAN_MISSING = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id,
                   CASE WHEN COALESCE(a.missing_since, ?) <= ? THEN 'DEACTIVATE' ELSE 'MISSING' END, NULL
              FROM planned_change c
              JOIN student_account a ON a.id = c.account_id
             WHERE c.run_id = ? AND c.action = 'MISSING' AND a.status <> 'DEACTIVATED'""";

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final Clock clock;
    private final ImportFeed feed;
    private final long runId;
    private final long reusedRunId;

    public ReusedPlan(JdbcTemplate jdbc, RunRecords runs, Clock clock, ImportFeed feed, long runId,
            long reusedRunId) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.feed = feed;
        this.runId = runId;
        this.reusedRunId = reusedRunId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.update("DELETE FROM planned_change WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM run_column WHERE run_id = ?", runId);
        runs.recordReuse(runId, reusedRunId);
        jdbc.update(COLUMNS, runId, reusedRunId);
        if (feed.mayDeactivate()) {
            Instant now = ChangePlanner.recordPlannedAt(chunkContext, clock);
            OffsetDateTime nowUtc = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(feed.deactivationGrace()), ZoneOffset.UTC);
            contribution.incrementWriteCount(jdbc.update(PLAN_MISSING, runId, nowUtc, cutoff, reusedRunId));
        }
        return RepeatStatus.FINISHED;
    }
}
