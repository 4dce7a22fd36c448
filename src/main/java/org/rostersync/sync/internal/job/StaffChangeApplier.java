package org.rostersync.sync.internal.job;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.school.ImportFeed;
import org.rostersync.staff.RosterStaffRecords;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The apply step of a staff run: carries out the plan through the staff module's writer, in one transaction, in the
 * order of a student run (before-images first, then creates, updates, returns inside the window, missing and
 * deactivated records of the feed's school). Every statement converges, so a restart after a crash is safe.
 */
class StaffChangeApplier implements Tasklet {

    /** Missing staff who turned out to have left the feed's school otherwise are forgotten by the plan. */
    private static final String FORGET_MOVED = """
            DELETE FROM planned_change
             WHERE run_id = ? AND action IN ('MISSING', 'DEACTIVATE')
               AND NOT EXISTS (SELECT 1 FROM staff_account a
                                WHERE a.id = planned_change.account_id AND a.school_id = planned_change.school_id)""";

    private final RosterStaffRecords staff;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ImportFeed feed;
    private final long runId;
    private final RunRecords runs;

    StaffChangeApplier(RosterStaffRecords staff, JdbcTemplate jdbc, Clock clock, ImportFeed feed, long runId,
            RunRecords runs) {
        this.staff = staff;
        this.jdbc = jdbc;
        this.clock = clock;
        this.feed = feed;
        this.runId = runId;
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime missingFrom = OffsetDateTime.ofInstant(ChangePlanner.plannedAt(chunkContext, now.toInstant()),
                ZoneOffset.UTC);
        staff.snapshot(runId);
        int changed = staff.create(runId, feed.districtId(), feed.id(), now);
        changed += staff.update(runId, feed.id(), now);
        staff.clearMissing(runId);
        if (feed.schoolId() != null) {
            staff.markMissing(runId, feed.schoolId(), missingFrom);
            changed += staff.deactivate(runId, feed.schoolId(), now, missingFrom);
            jdbc.update(FORGET_MOVED, runId);
        }
        runs.markApplied(runId, now);
        contribution.incrementWriteCount(changed);
        return RepeatStatus.FINISHED;
    }
}
