package org.rostersync.sync.internal.job;

import static org.rostersync.account.AccountEventType.CREATED;
import static org.rostersync.account.AccountEventType.DEACTIVATED;
import static org.rostersync.account.AccountEventType.PASSWORD_REVOKED;
import static org.rostersync.account.AccountEventType.REACTIVATED;
import static org.rostersync.account.AccountEventType.TRANSFERRED;
import static org.rostersync.account.AccountEventType.UPDATED;

import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;
import org.rostersync.sync.internal.plan.HeldMoves;
import org.rostersync.sync.internal.plan.UnchangedFiles;
import org.rostersync.sync.internal.database.DatabaseDialect;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Clock;

import org.rostersync.account.UnusedPasswords;
import org.rostersync.school.ImportFeed;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The apply step: carries out the run's plan with set-based SQL in one transaction. Every statement only moves an
 * account towards the planned state, so running it again after a crash converges on the same accounts.
 * <p>
 * These statements write {@code student_account} and {@code account_event} although the account module owns both
 * tables: they are the import's set-based SQL, which joins the run's plan and staging to every account it changes in
 * one statement each, and stays here (with the create statements of {@link DatabaseDialect#createAccounts}) rather
 * than go through the account module one account at a time. Every other write to those tables, revoked passwords
 * included ({@link UnusedPasswords}), is the account module's.
 * <p>
 * Accounts are picked by the plan's account ids, collected first and looked up by primary key in the form each
 * database answers that way ({@link DatabaseDialect#byIds}), never by a join that reads every account.
 */
public class ChangeApplier implements Tasklet {

    /**
     * New accounts. The n-th new holder of a username base gets the next number after the highest already taken;
     * the first blank is the expression for that number, the second the join it reads, if any. Bases never end in a
     * digit, so numbered names cannot collide with another base.
     * <p>
     * A student whom another run created since this run's plan is skipped, after the numbering (so such a race can
     * leave a gap in a base's numbers). The check sits above the joins, where PostgreSQL's estimate of it cannot
     * turn the join of the plan to staging into a scan of one for every row of the other. Each database fills the
     * blanks in its own way ({@link DatabaseDialect#createAccounts}).
     */
    public static final String CREATE = """
            INSERT INTO student_account (district_id, school_id, student_id, username, username_base, username_seq,
                first_name, last_name, middle_initial, grade, birth_date, email, guardian_email, gender, home_room,
                reference_id, row_hash, origin, status, created_at, updated_at, last_run_id)
            SELECT ?, n.school_id, n.student_id,
                   CASE WHEN n.seq = 1 THEN n.username_base ELSE n.username_base || CAST(n.seq AS VARCHAR(11)) END,
                   n.username_base, n.seq, n.first_name, n.last_name, n.middle_initial, n.grade, n.birth_date, n.email,
                   n.guardian_email, n.gender, n.home_room, n.reference_id, n.row_hash, 'IMPORT', 'PENDING_ACTIVATION',
                   ?, ?, ?
              FROM (SELECT s.*, COALESCE(%1$s, 0)
                               + ROW_NUMBER() OVER (PARTITION BY s.username_base ORDER BY s.line_no) AS seq
                      FROM planned_change c
                      JOIN staged_student s ON s.run_id = c.run_id AND s.line_no = c.line_no%2$s
                     WHERE c.run_id = ? AND c.action = 'CREATE') n
             WHERE NOT EXISTS (SELECT 1 FROM student_account a WHERE a.district_id = ? AND a.student_id = n.student_id)""";

    /**
     * Updates, transfers and returns: the roster's fields win, username and password stay. An email staff gave
     * a hand-made account stays while the roster rows give none: it cannot be given again. Each account's staged row
     * is found through its plan entry's line (staging's primary lookup), and the accounts by primary key from the
     * plan's account ids, so a nightly run that changes a few students touches only them, whatever the planner's
     * statistics say. An optional field the run's file has no column for keeps its stored value
     * ({@link AbsentFields#assignments}, the third blank below). Use it through {@link #update}, whose blanks are: the
     * plan entries applied, then the accounts' ids.
     */
    private static final String UPDATE = """
            MERGE INTO student_account a
            USING (SELECT c.account_id, s.school_id, s.first_name, s.last_name, s.middle_initial, s.grade,
                          s.birth_date, s.email, s.guardian_email, s.gender, s.home_room, s.reference_id, s.row_hash
                     FROM planned_change c
                     JOIN staged_student s ON s.run_id = c.run_id AND s.line_no = c.line_no
                    WHERE c.run_id = ? AND %1$s) s
               ON a.id = s.account_id
              AND a.id %2$s
            WHEN MATCHED THEN UPDATE SET
                   school_id = s.school_id, first_name = s.first_name, last_name = s.last_name, grade = s.grade,
                   %3$s, origin = 'IMPORT',
                   status = CASE WHEN a.status = 'DEACTIVATED'
                                 THEN COALESCE(a.status_before_deactivation, 'PENDING_ACTIVATION')
                                 ELSE a.status END,
                   status_before_deactivation = NULL, deactivated_at = NULL, missing_since = NULL,
                   updated_at = ?, last_run_id = ?""";

    /**
     * The update of the accounts of the plan entries {@code entries} picks, by the id condition {@code ids}, for a
     * run whose file lacks the {@code absent} fields. Its parameters: the run, the instant, the run again.
     */
    public static String update(DatabaseDialect dialect, AbsentFields absent, String entries, String ids) {
        return UPDATE.formatted(entries, ids, absent.assignments(dialect));
    }

    /** The row-based entries applied now: a held move waits for a district admin (see {@link HeldMoves}). */
    private static final String APPLIED_ROWS = "c.action IN ('UPDATE', 'TRANSFER', 'REACTIVATE') AND c.held = FALSE";

    private static final String UPDATED_IDS = """
            SELECT c.account_id FROM planned_change c
             WHERE c.run_id = ? AND """ + " " + APPLIED_ROWS;

    /**
     * Before-images of every account the plan will touch (not the new ones), so that the run can be reverted. An
     * unchanged file snapshots nothing but the students coming back inside their grace window, and a held move
     * nothing until it is approved.
     */
    public static final String SNAPSHOT = """
            INSERT INTO account_snapshot (run_id, account_id, school_id, first_name, last_name, middle_initial, grade,
                birth_date, email, email_from_staff, guardian_email, gender, home_room, reference_id, row_hash, origin,
                status, status_before_deactivation, missing_since, deactivated_at, last_run_id)
            SELECT ?, a.id, a.school_id, a.first_name, a.last_name, a.middle_initial, a.grade, a.birth_date,
                   a.email, a.email_from_staff, a.guardian_email, a.gender, a.home_room, a.reference_id, a.row_hash,
                   a.origin, a.status,
                   a.status_before_deactivation, a.missing_since, a.deactivated_at, a.last_run_id
              FROM student_account a
             WHERE a.id %s
               AND NOT EXISTS (SELECT 1 FROM account_snapshot s WHERE s.run_id = ? AND s.account_id = a.id)""";

    private static final String TOUCHED_IDS = """
            SELECT c.account_id FROM planned_change c
             WHERE c.run_id = ?
               AND (c.action IN ('UPDATE', 'DEACTIVATE', 'MISSING')
                    OR (c.action IN ('TRANSFER', 'REACTIVATE') AND c.held = FALSE)
                    OR (c.action = 'UNCHANGED' AND c.was_missing = TRUE))""";

    /**
     * A student back in the file inside the grace window is simply kept. The plan marked them: a join of the missing
     * accounts to the plan read every missing student of the deployment once per planned row.
     */
    private static final String CLEAR_MISSING = """
            UPDATE student_account SET missing_since = NULL
             WHERE missing_since IS NOT NULL AND id %s""";

    /**
     * A student whose row was rejected is in the file (only wrongly written) and is kept; back inside the grace window,
     * the window is cancelled as for anyone back, so a later absence starts a new one.
     */
    /**
     * Found from the run's rejected rows through the Student ID index: H2 read every account of the deployment when
     * the accounts side led.
     */
    private static final String REJECTED_BACK_IDS = """
            SELECT b.id FROM rejected_row r
              JOIN student_account b ON b.district_id = ? AND b.student_id = r.student_id
             WHERE r.run_id = ? AND b.school_id = ? AND b.missing_since IS NOT NULL AND b.status <> 'DEACTIVATED'""";

    /** Their before-images are taken first: they have no plan entry, and a revert restores them by the image. */
    private static final String CLEAR_MISSING_REJECTED = """
            UPDATE student_account SET missing_since = NULL WHERE missing_since IS NOT NULL AND id %s""";

    private static final String BACK_IDS = """
            SELECT account_id FROM planned_change WHERE run_id = ? AND action = 'UNCHANGED' AND was_missing = TRUE""";

    /**
     * Missing and deactivated students are only marked while they are still at the feed's school: a run of another
     * feed may have moved one since this run's plan (runs of different feeds overlap), and a student who moved is not
     * missing.
     */
    private static final String MARK_MISSING = """
            UPDATE student_account SET missing_since = ?
             WHERE missing_since IS NULL AND school_id = ? AND id %s""";

    private static final String MISSING_IDS = """
            SELECT account_id FROM planned_change
             WHERE run_id = ? AND (action = 'MISSING' OR (action = 'DEACTIVATE' AND held = TRUE))""";

    private static final String DEACTIVATE = """
            UPDATE student_account
               SET status_before_deactivation = status, status = 'DEACTIVATED', deactivated_at = ?,
                   missing_since = COALESCE(missing_since, ?), updated_at = ?, last_run_id = ?
             WHERE status <> 'DEACTIVATED' AND school_id = ? AND id %s""";

    private static final String DEACTIVATED_IDS = """
            SELECT account_id FROM planned_change WHERE run_id = ? AND action = 'DEACTIVATE' AND held = FALSE""";

    /**
     * The plan forgets the missing students who turned out to have moved to another school, so the run's counts, its
     * audit events and a later revert leave them alone.
     */
    private static final String FORGET_MOVED = """
            DELETE FROM planned_change
             WHERE run_id = ? AND action IN ('MISSING', 'DEACTIVATE')
               AND NOT EXISTS (SELECT 1 FROM student_account a
                                WHERE a.id = planned_change.account_id AND a.school_id = planned_change.school_id)""";

    /**
     * The audit trail, one event per changed account; never repeated for the same run, and no CREATED for an account
     * that another run created first. The blank left: the plan action of the CREATED events, where the database did
     * not write them with the accounts ({@link DatabaseDialect#auditedCreates}).
     */
    private static final String AUDIT = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT a.id, CASE c.action WHEN 'CREATE' THEN %s WHEN 'UPDATE' THEN %s
                                       WHEN 'TRANSFER' THEN %s WHEN 'REACTIVATE' THEN %s
                                       ELSE %s END,
                   ?, ?, c.run_id,
                   CASE WHEN c.action = 'TRANSFER' THEN 'from ' || c.previous_school_id || ' to ' || c.school_id
                        ELSE 'school ' || c.school_id END
              FROM planned_change c
              JOIN student_account a ON a.district_id = ? AND a.student_id = c.student_id
             WHERE c.run_id = ? AND c.action IN (%%s'UPDATE', 'TRANSFER', 'REACTIVATE', 'DEACTIVATE')
               AND c.held = FALSE
               AND (c.action <> 'CREATE' OR a.last_run_id = c.run_id)
               AND NOT EXISTS (SELECT 1 FROM account_event e WHERE e.run_id = c.run_id AND e.account_id = a.id
                                                                  AND e.event <> %s)"""
            .formatted(CREATED.sql(), UPDATED.sql(), TRANSFERRED.sql(), REACTIVATED.sql(), DEACTIVATED.sql(),
                    PASSWORD_REVOKED.sql());

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ImportFeed feed;
    private final long runId;
    private final String actor;

    private final DatabaseDialect dialect;

    private final UnchangedFiles unchangedFiles;

    private final RunRecords runs;
    private final RunReads reads;

    private final UnusedPasswords passwords;

    public ChangeApplier(JdbcTemplate jdbc, Clock clock, ImportFeed feed, long runId, String actor,
            DatabaseDialect dialect, UnchangedFiles unchangedFiles, RunRecords runs, RunReads reads,
            UnusedPasswords passwords) {
        this.passwords = passwords;
        this.runs = runs;
        this.reads = reads;
        this.unchangedFiles = unchangedFiles;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
        this.feed = feed;
        this.runId = runId;
        this.actor = actor;
    }

    /** The accounts whose ids the plan query selects, as each database finds them by primary key (see above). */
    private String ids(String planQuery) {
        return dialect.byIds(planQuery);
    }

    /** Whether the run rejected a row that names its student; most runs reject none. */
    private boolean rejectedStudents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rejected_row WHERE run_id = ? AND student_id IS NOT NULL",
                Long.class, runId) > 0;
    }

    private long creates() {
        // a count, not FETCH FIRST 1: with a row limit PostgreSQL scanned the whole plan table hoping to meet a
        // CREATE early; the count reads the run's entries of the plan's index
        Long creates = jdbc.queryForObject(
                "SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'CREATE'", Long.class, runId);
        return creates == null ? 0 : creates;
    }

    /** Whether accounts were created after this run's plan (or that is not known). */
    private boolean othersCreatedSincePlan(ChunkContext chunkContext) {
        var context = chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
        return !context.containsKey(ChangePlanner.MAX_ACCOUNT_ID)
                || ChangePlanner.maxAccountId(jdbc) > context.getLong(ChangePlanner.MAX_ACCOUNT_ID);
    }

    /** Holds the moves out of sight that the guard could not see yet, and says so in the guard's message. */
    private void holdLateMoves() {
        java.util.List<String> from = HeldMoves.hold(jdbc, reads, runId);
        if (!from.isEmpty()) {
            runs.appendGuardMessage(runId, HeldMoves.message(from, false));
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        // missing students are stamped with the plan's instant, the one the next plans measure the window against
        OffsetDateTime missingFrom = OffsetDateTime.ofInstant(ChangePlanner.plannedAt(chunkContext, now.toInstant()),
                ZoneOffset.UTC);
        String district = feed.districtId();
        // usernames are unique across the deployment: runs of other feeds wait here rather than pick the same one
        jdbc.queryForList("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
        // most nightly runs of a small school create nobody: the statement is skipped rather than planned
        long creates = creates();
        boolean replanned = false;
        AbsentFields absent = AbsentFields.ofRun(reads, runId);
        if (creates > 0 && othersCreatedSincePlan(chunkContext)) {
            // a student in this file and another feed's, created by that run since this plan: compare with the
            // account now there (an update or a transfer) instead of counting a create that cannot happen
            if (jdbc.update(ChangePlanner.planArrivals(absent), district, runId, district) > 0) {
                creates = creates();
                replanned = true;
            }
        }
        if (HeldMoves.restricted(reads, runId)) {
            // an account moved since the plan, or an arrival found only now, is a move like any other: held if it
            // leaves a school the run's starter cannot see
            replanned |= jdbc.update(ChangePlanner.planMovedSince(absent), runId) > 0;
            if (replanned) {
                holdLateMoves();
            }
        }
        jdbc.update(SNAPSHOT.formatted(ids(TOUCHED_IDS)), runId, runId, runId);
        int changed = 0;
        if (creates > 0) {
            changed = dialect.createAccounts(creates, district, now, runId, actor);
        }
        // the audit insert joins the new accounts: plan it knowing they are there
        dialect.refresh("student_account", changed);
        passwords.revoke(runId, APPLIED_ROWS, dialect.entriesAccounts(APPLIED_ROWS), dialect::byIds, now, actor);
        changed += jdbc.update(update(dialect, absent, APPLIED_ROWS, ids(UPDATED_IDS)), runId, runId, now, runId);
        int marked = jdbc.update(CLEAR_MISSING.formatted(ids(BACK_IDS)), runId);
        if (feed.schoolId() != null) {
            if (rejectedStudents()) {
                jdbc.update(SNAPSHOT.formatted(ids(REJECTED_BACK_IDS)), runId, district, runId, feed.schoolId(),
                        runId);
                marked += jdbc.update(CLEAR_MISSING_REJECTED.formatted(ids(REJECTED_BACK_IDS)), district, runId,
                        feed.schoolId());
            }
            marked += jdbc.update(MARK_MISSING.formatted(ids(MISSING_IDS)), missingFrom, feed.schoolId(), runId);
            changed += jdbc.update(DEACTIVATE.formatted(ids(DEACTIVATED_IDS)), now, missingFrom, now, runId,
                    feed.schoolId(), runId);
            jdbc.update(FORGET_MOVED, runId);
        }
        unchangedFiles.recordApplied(runId, feed, changed + marked > 0);
        jdbc.update(AUDIT.formatted(dialect.auditedCreates()), now, actor, district, runId);
        runs.markApplied(runId, now);
        contribution.incrementWriteCount(changed);
        return RepeatStatus.FINISHED;
    }
}
