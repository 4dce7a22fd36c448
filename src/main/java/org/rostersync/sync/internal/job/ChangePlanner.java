package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.plan.HeldMoves;
import org.rostersync.sync.internal.database.DatabaseDialect;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.roster.RosterMode;
import org.rostersync.school.ImportFeed;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The plan step: compares staging with the accounts in set-based SQL and records one change per student. It
 * changes no account, so a dry run can stop after it. It runs in one transaction, so a crash leaves no half plan.
 * The rows of a school file that the load step found unchanged ({@link UnchangedRows}) are not staged: they stay
 * recorded by chunk, this step marks them planned, and the run's changes and counts read them as UNCHANGED entries.
 */
public class ChangePlanner implements Tasklet {

    /**
     * Every occurrence of a Student ID after its first is rejected, naming the line of the first. The Student IDs
     * that occur more than once are found by one aggregate over the run's staging and their lines joined to it,
     * which costs nothing more when there are none, where a window over every staged row would sort them all.
     */
    private static final String REJECT_DUPLICATES = """
            INSERT INTO rejected_row (run_id, line_no, column_name, reason, student_id)
            SELECT s.run_id, s.line_no, 'Student ID',
                   'Student ID ''' || s.student_id || ''' already appears on line ' || CAST(f.first_line AS VARCHAR(20))
                       || '; each student may appear only once in a file', s.student_id
              FROM staged_student s
              JOIN (SELECT student_id, MIN(line_no) AS first_line FROM staged_student
                     WHERE run_id = ? GROUP BY student_id HAVING COUNT(*) > 1) f ON f.student_id = s.student_id
             WHERE s.run_id = ? AND s.line_no > f.first_line""";

    /**
     * Correlated, not {@code line_no IN (SELECT …)}: H2 compared every staged row with every rejected line.
     */
    private static final String DROP_DUPLICATES = """
            DELETE FROM staged_student
             WHERE run_id = ? AND EXISTS (SELECT 1 FROM rejected_row r
                                           WHERE r.run_id = staged_student.run_id AND r.line_no = staged_student.line_no)""";

    /**
     * What happens to a staged row {@code s} given the account {@code a} with its Student ID (none: a new student).
     * Every plan statement decides with this one expression; the blank is the test that the row changes the account
     * ({@link AbsentFields#changed}: only fields the file has a column for count).
     */
    private static final String DECISION = """
            CASE WHEN a.id IS NULL THEN 'CREATE'
                 WHEN a.status = 'DEACTIVATED' THEN 'REACTIVATE'
                 WHEN a.school_id <> s.school_id THEN 'TRANSFER'
                 WHEN %s OR a.origin = 'MANUAL' THEN 'UPDATE'
                 ELSE 'UNCHANGED' END""";

    /** {@link #DECISION} for a run whose file lacks the given fields. */
    private static String decision(AbsentFields absent) {
        return DECISION.formatted(absent.changed());
    }

    private static final String WAS_MISSING = "CASE WHEN a.missing_since IS NULL THEN FALSE ELSE TRUE END";

    /** Each staged row with its account, found by the join condition filled in. */
    private static final String PLAN_JOINED = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no,
                was_missing)
            SELECT s.run_id, s.student_id, s.school_id, a.school_id, a.id, %s, s.line_no, %s
              FROM staged_student s
              LEFT JOIN student_account a ON %s
             WHERE s.run_id = ?""";

    /** A district feed's rows against the district's accounts. */
    private static String planRows(AbsentFields absent) {
        return PLAN_JOINED.formatted(decision(absent), WAS_MISSING, "a.district_id = ? AND a.student_id = s.student_id");
    }

    /**
     * A school feed's rows against its own school's accounts first: the school index finds them in a hash join of two
     * school-sized sets, cheaper than a lookup by Student ID per row or a join over every account of the deployment.
     * A row found nowhere in the school is a
     * CREATE until {@link #planArrivals} looks for it in the rest of the district.
     */
    private static String planSchoolRows(AbsentFields absent) {
        return PLAN_JOINED.formatted(decision(absent), WAS_MISSING,
                "a.school_id = ? AND a.district_id = ? AND a.student_id = s.student_id");
    }

    /**
     * A school feed's students who have an account elsewhere in the district: transferred in, or back from
     * deactivation. Only the run's few CREATEs are looked up, and each is decided as {@link #planRows} would decide
     * it now, so an account that another feed moved into this school since the statement above is compared like any
     * other rather than taken for a transfer. The apply step runs it again when another run created accounts after
     * this plan ({@link #MAX_ACCOUNT_ID}). The blanks: {@link #DECISION} and {@link #WAS_MISSING}.
     */
    private static final String PLAN_ARRIVALS = """
            UPDATE planned_change c SET (previous_school_id, account_id, action, was_missing) =
                   (SELECT a.school_id, a.id, %s, %s
                      FROM student_account a
                      JOIN staged_student s ON s.run_id = c.run_id AND s.line_no = c.line_no
                     WHERE a.district_id = ? AND a.student_id = c.student_id)
             WHERE c.run_id = ? AND c.action = 'CREATE'
               AND EXISTS (SELECT 1 FROM student_account a WHERE a.district_id = ? AND a.student_id = c.student_id)""";

    /** {@link #PLAN_ARRIVALS} for a run whose file lacks the given fields. */
    static String planArrivals(AbsentFields absent) {
        return PLAN_ARRIVALS.formatted(decision(absent), WAS_MISSING);
    }

    /**
     * A restricted starter's run (see {@link HeldMoves}): the entries whose account another run or an approval moved
     * to another school since this plan, decided again as {@link #PLAN_ROWS} would decide them now, so that a move
     * out of a school the starter cannot see is held rather than applied from a stale plan. The apply step runs it
     * under the username lock, which every run's apply and every approval takes before moving accounts.
     */
    private static final String PLAN_MOVED_SINCE = """
            UPDATE planned_change c SET (previous_school_id, action, was_missing) =
                   (SELECT a.school_id, %s, %s
                      FROM student_account a
                      JOIN staged_student s ON s.run_id = c.run_id AND s.line_no = c.line_no
                     WHERE a.id = c.account_id)
             WHERE c.run_id = ? AND c.held = FALSE AND c.action IN ('UPDATE', 'TRANSFER', 'REACTIVATE', 'UNCHANGED')
               AND c.line_no IS NOT NULL
               AND EXISTS (SELECT 1 FROM student_account a
                            WHERE a.id = c.account_id AND a.school_id <> c.previous_school_id)""";

    /** {@link #PLAN_MOVED_SINCE} for a run whose file lacks the given fields. */
    static String planMovedSince(AbsentFields absent) {
        return PLAN_MOVED_SINCE.formatted(decision(absent), WAS_MISSING);
    }

    /**
     * Imported, not deactivated students of the feed's school that the file lacks; a student whose row was rejected
     * is in the file, only wrongly written, and is kept. So is one whose Student ID (4 characters or more) is part of
     * a value of a row that could not be read as written: a lost delimiter glues an ID to its neighbour
     * ({@code L10004} and {@code 4} read as {@code L100044}), and text run on makes it too long. Past the grace window (counted
     * from the first run that found them missing) they are deactivated; inside it, marked missing. The blank: the
     * students whose rows the load step found unchanged and did not stage ({@link UnchangedRows}) are in the file too
     * ({@link DatabaseDialect#notRecordedUnchanged}).
     */
    private static final String PLAN_MISSING = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id,
                   CASE WHEN COALESCE(a.missing_since, ?) <= ? THEN 'DEACTIVATE' ELSE 'MISSING' END,
                   NULL
              FROM student_account a
             WHERE a.school_id = ? AND a.origin = 'IMPORT' AND a.status <> 'DEACTIVATED'
               AND NOT EXISTS (SELECT 1 FROM staged_student s WHERE s.run_id = ? AND s.student_id = a.student_id)
               AND NOT EXISTS (SELECT 1 FROM rejected_row r WHERE r.run_id = ? AND r.student_id = a.student_id)
               AND NOT EXISTS (SELECT 1 FROM kept_student k WHERE k.run_id = ?
                                  AND (k.student_id = a.student_id
                                       OR CHAR_LENGTH(a.student_id) >= 4 AND POSITION(a.student_id IN k.student_id) > 0))
               AND %s""";

    /**
     * A delta file's withdrawn students: deactivated at once (a later delta will not repeat them, so a grace window
     * could never end), only from the feed's own school, and never an account the imports did not make, nor one whose
     * row the load step found unchanged (the blank, as in {@link #PLAN_MISSING}).
     */
    private static final String PLAN_WITHDRAWN = """
            INSERT INTO planned_change (run_id, student_id, school_id, previous_school_id, account_id, action, line_no)
            SELECT ?, a.student_id, a.school_id, NULL, a.id, 'DEACTIVATE', NULL
              FROM student_account a
             WHERE a.district_id = ? AND a.school_id = ? AND a.origin = 'IMPORT' AND a.status <> 'DEACTIVATED'
               AND a.student_id IN (SELECT w.student_id FROM withdrawn_student w WHERE w.run_id = ?)
               AND NOT EXISTS (SELECT 1 FROM staged_student s WHERE s.run_id = ? AND s.student_id = a.student_id)
               AND %s""";

    // the two row counts stay here: they count this step's staging tables, which RunRecords does not know
    private static final String COUNT_WITHDRAWN = """
            UPDATE import_run SET rows_read = rows_read
                 + (SELECT COUNT(*) FROM withdrawn_student WHERE run_id = ?)
             WHERE id = ?""";

    private static final String COUNT_ROWS = """
            UPDATE import_run SET rows_read =
                   (SELECT COUNT(*) FROM staged_student WHERE run_id = ?)
                 + (SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = ?)
                 + (SELECT COALESCE(SUM(row_count), 0) FROM unchanged_chunk WHERE run_id = ?)
             WHERE id = ?""";

    /**
     * The job context key of the highest account id when the plan was made. Accounts are created only under the
     * username lock, so ids grow in the order runs commit: a higher one at apply time means another run created
     * students since, maybe some this plan would create too.
     */
    static final String MAX_ACCOUNT_ID = "plan.maxAccountId";

    /**
     * The job context key of the instant the plan decided at (epoch milliseconds). The apply step stamps the students
     * it marks missing with it, so a grace window is measured from the same instant a later plan compares with,
     * not from whenever the apply got to run.
     */
    static final String PLANNED_AT = "plan.at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ImportFeed feed;
    private final long runId;
    private final RosterReports reports;

    private final DatabaseDialect statistics;

    /**
     * A planner that honours the file's mode (only a BULK file makes absent students missing) and its columns (a
     * field without one keeps its stored values).
     */
    public ChangePlanner(JdbcTemplate jdbc, Clock clock, ImportFeed feed, long runId, RosterReports reports,
            DatabaseDialect statistics) {
        this.jdbc = jdbc;
        this.statistics = statistics;
        this.clock = clock;
        this.feed = feed;
        this.runId = runId;
        this.reports = reports;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.update("DELETE FROM planned_change WHERE run_id = ?", runId);
        Instant now = recordPlannedAt(chunkContext, clock);
        jobContext(chunkContext).putLong(MAX_ACCOUNT_ID, maxAccountId(jdbc));
        // from here on the rows the load step recorded unchanged are the plan's UNCHANGED entries
        boolean unchanged = jdbc.update("UPDATE unchanged_chunk SET planned = TRUE WHERE run_id = ?", runId) > 0;
        long loaded = unchanged
                ? jdbc.queryForObject("SELECT COUNT(*) FROM staged_student WHERE run_id = ?", Long.class, runId)
                : loadedRows(chunkContext);
        statistics.refreshStaging(loaded);
        statistics.refresh("rejected_row", loaded);
        jdbc.update(REJECT_DUPLICATES, runId, runId);
        jdbc.update(DROP_DUPLICATES, runId);
        jdbc.update(COUNT_ROWS, runId, runId, runId, runId);
        int planned;
        AbsentFields absent = reports.absentFields(runId);
        if (feed.schoolId() != null) {
            planned = jdbc.update(planSchoolRows(absent), feed.schoolId(), feed.districtId(), runId);
            jdbc.update(planArrivals(absent), feed.districtId(), runId, feed.districtId());
        } else {
            planned = jdbc.update(planRows(absent), feed.districtId(), runId);
        }
        RosterMode mode = reports.mode(runId);
        if (mode != RosterMode.BULK) {
            jdbc.update(COUNT_WITHDRAWN, runId, runId);
            if (feed.mayDeactivate()) {
                planned += jdbc.update(PLAN_WITHDRAWN.formatted(statistics.notRecordedUnchanged("a.id")), runId, feed.districtId(), feed.schoolId(), runId, runId,
                        runId);
            }
        } else if (feed.mayDeactivate()) {
            OffsetDateTime nowUtc = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(feed.deactivationGrace()), ZoneOffset.UTC);
            planned += jdbc.update(PLAN_MISSING.formatted(statistics.notRecordedUnchanged("a.id")), runId, nowUtc, cutoff, feed.schoolId(), runId, runId, runId, runId);
        }
        statistics.refresh("planned_change", planned);
        contribution.incrementWriteCount(planned);
        return RepeatStatus.FINISHED;
    }

    /** Now, to the millisecond, kept in the job context as the instant this run's plan decided at. */
    static Instant recordPlannedAt(ChunkContext chunkContext, Clock clock) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        jobContext(chunkContext).putLong(PLANNED_AT, now.toEpochMilli());
        return now;
    }

    private static org.springframework.batch.infrastructure.item.ExecutionContext jobContext(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
    }

    /** The instant the run's plan decided at, or {@code fallback} when it is not known. */
    static Instant plannedAt(ChunkContext chunkContext, Instant fallback) {
        var context = jobContext(chunkContext);
        return context.containsKey(PLANNED_AT) ? Instant.ofEpochMilli(context.getLong(PLANNED_AT)) : fallback;
    }

    static long maxAccountId(JdbcTemplate jdbc) {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM student_account", Long.class);
        return max == null ? 0 : max;
    }

    /** Rows the load step wrote in this execution; on a restart that skipped it, as many as were staged. */
    private long loadedRows(ChunkContext chunkContext) {
        for (StepExecution step : chunkContext.getStepContext().getStepExecution().getJobExecution()
                .getStepExecutions()) {
            if (step.getStepName().equals("load")) {
                return step.getWriteCount();
            }
        }
        return jdbc.queryForObject("SELECT COUNT(*) FROM staged_student WHERE run_id = ?", Long.class, runId);
    }
}
