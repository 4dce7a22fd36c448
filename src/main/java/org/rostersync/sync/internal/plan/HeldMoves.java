package org.rostersync.sync.internal.plan;

import org.rostersync.sync.internal.job.AbsentFields;
import org.rostersync.sync.internal.job.ChangeApplier;
import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.account.HeldAccountChanges;
import org.rostersync.account.UnusedPasswords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * School boundaries: a run never moves an account out of a school that the staff member who started it cannot see.
 * A school admin's upload that names another school's student (a transfer, or a return from deactivation into
 * another school) would hand that student's account to them; such moves are held like deactivations, the account
 * left exactly as it is, until a district admin approves them. Scheduled and pulled runs and district admins'
 * uploads see the whole district and move students as they always did. The staged rows of held moves are kept for
 * the approval; a forced run holds them too (force skips the checks for broken files, not this one).
 * <p>
 * The approval applies the moves with the import's own set-based update ({@link ChangeApplier#update}); the
 * passwords they revoke and their audit events are written by the account module ({@link UnusedPasswords},
 * {@link HeldAccountChanges}).
 */
@Component
public class HeldMoves {

    /** A plan entry {@code c} that moves an account to another school. */
    static final String MOVE = "c.action IN ('TRANSFER', 'REACTIVATE') AND c.previous_school_id <> c.school_id";

    /** A held move of the run. */
    static final String HELD_MOVE = "c.held = TRUE AND c.action IN ('TRANSFER', 'REACTIVATE')";

    // joins the run for its dry-run flag: a set-based count over planned_change, clearer here than in RunReads
    private static final String COUNT_KEPT = """
            SELECT COUNT(*) FROM planned_change c
              JOIN import_run r ON r.id = c.run_id
             WHERE c.run_id = ? AND r.dry_run = FALSE AND """ + " " + HELD_MOVE;

    /**
     * Moves whose account is no longer as the plan found it (moved on, deactivated or back since) are not applied:
     * their plan entry goes, so that the run's changes list what the approval did.
     */
    private static final String SKIPPED = """
            DELETE FROM planned_change
             WHERE run_id = ? AND held = TRUE AND action IN ('TRANSFER', 'REACTIVATE')
               AND NOT EXISTS (SELECT 1 FROM student_account a
                                WHERE a.id = planned_change.account_id
                                  AND a.school_id = planned_change.previous_school_id
                                  AND (planned_change.action = 'TRANSFER' AND a.status <> 'DEACTIVATED'
                                       OR planned_change.action = 'REACTIVATE' AND a.status = 'DEACTIVATED'))""";

    private static final String HELD_IDS = "IN (SELECT c.account_id FROM planned_change c WHERE c.run_id = ? AND "
            + HELD_MOVE + ")";

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;
    private final Clock clock;
    private final DatabaseDialect dialect;
    private final UnusedPasswords passwords;
    private final HeldAccountChanges accounts;

    HeldMoves(JdbcTemplate jdbc, RunRecords runs, RunReads reads, Clock clock, DatabaseDialect dialect,
            UnusedPasswords passwords, HeldAccountChanges accounts) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reads = reads;
        this.clock = clock;
        this.dialect = dialect;
        this.passwords = passwords;
        this.accounts = accounts;
    }

    /**
     * Holds the run's moves out of schools its starter cannot see, if the starter was restricted to some schools.
     *
     * @return the schools the held moves would take students out of, one entry per move, in order
     */
    public static List<String> hold(JdbcTemplate jdbc, RunReads reads, long runId) {
        List<String> starter = reads.starterSchools(runId).orElse(null);
        if (starter == null) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(runId);
        StringBuilder unseen = new StringBuilder();
        for (String school : starter) {
            args.add(school);
            unseen.append(unseen.isEmpty() ? " AND c.previous_school_id NOT IN (?" : ", ?");
        }
        if (!unseen.isEmpty()) {
            unseen.append(')');
        }
        String where = " WHERE c.run_id = ? AND c.held = FALSE AND " + MOVE + unseen;
        List<String> from = jdbc.queryForList("SELECT c.previous_school_id FROM planned_change c" + where
                + " ORDER BY c.previous_school_id", String.class, args.toArray());
        if (!from.isEmpty()) {
            jdbc.update("UPDATE planned_change c SET held = TRUE" + where, args.toArray());
        }
        return from;
    }

    /** Whether the run's starter sees only some schools of the district. */
    public static boolean restricted(RunReads reads, long runId) {
        return reads.starterSchools(runId).isPresent();
    }

    /** What the guard says of held moves, naming only schools (a run's message is logged). */
    public static String message(List<String> fromSchools, boolean dryRun) {
        int moves = fromSchools.size();
        return "%s %d transfer%s of a student out of %s that the person who started the run cannot see (%s); a"
                .formatted(dryRun ? "A real run would hold" : "Held", moves, moves == 1 ? "" : "s",
                        moves == 1 ? "a school" : "schools", String.join(", ", new java.util.TreeSet<>(fromSchools)))
                + " district admin must approve %s, and until then %s."
                        .formatted(moves == 1 ? "it" : "them",
                                moves == 1 ? "the account stays as it is" : "the accounts stay as they are");
    }

    /** How many moves the run holds (a dry run's included). */
    public static int count(JdbcTemplate jdbc, long runId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM planned_change c WHERE c.run_id = ? AND " + HELD_MOVE,
                Integer.class, runId);
    }

    /**
     * Empties the run's staging, keeping the rows of its held moves: the approval applies them from there. A dry
     * run's moves can never be approved, so it keeps none.
     */
    public static void dropStaging(JdbcTemplate jdbc, long runId) {
        if (jdbc.queryForObject(COUNT_KEPT, Integer.class, runId) == 0) {
            jdbc.update("DELETE FROM staged_student WHERE run_id = ?", runId);
        } else {
            jdbc.update("""
                    DELETE FROM staged_student
                     WHERE run_id = ? AND line_no NOT IN (SELECT c.line_no FROM planned_change c
                                                           WHERE c.run_id = ? AND c.line_no IS NOT NULL AND """
                    + " " + HELD_MOVE + ")", runId, runId);
        }
        jdbc.update("DELETE FROM withdrawn_student WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kept_student WHERE run_id = ?", runId);
    }

    /**
     * Applies the run's held moves as the approving district admin: the roster row's fields, the new school, a
     * password revoked if the account was never used, a before-image for a revert and an audit event naming the
     * approver. Only accounts still as the plan found them are moved. The caller holds the feed's claim and a
     * transaction, and clears the held flags after.
     */
    public Outcome apply(long runId, String approver) {
        if (count(jdbc, runId) == 0) {
            return new Outcome(0, 0, 0);
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        // accounts are moved under the lock every run's apply takes, so a run never applies a plan made stale here
        jdbc.queryForList("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
        int skipped = jdbc.update(SKIPPED, runId);
        jdbc.update(ChangeApplier.SNAPSHOT.formatted(HELD_IDS), runId, runId, runId);
        passwords.revoke(runId, HELD_MOVE, dialect.entriesAccounts(HELD_MOVE), dialect::byIds, now, approver);
        // a field the run's file had no column for keeps its value, as in the run's own apply
        AbsentFields absent = AbsentFields.ofRun(reads, runId);
        jdbc.update(ChangeApplier.update(dialect, absent, HELD_MOVE, HELD_IDS), runId, runId, now, runId);
        accounts.recordMoves(runId, HELD_MOVE, now, approver);
        int transferred = jdbc.queryForObject("""
                SELECT COUNT(*) FROM planned_change c WHERE c.run_id = ? AND c.held = TRUE AND c.action = 'TRANSFER'""",
                Integer.class, runId);
        int reactivated = jdbc.queryForObject("""
                SELECT COUNT(*) FROM planned_change c WHERE c.run_id = ? AND c.held = TRUE AND c.action = 'REACTIVATE'""",
                Integer.class, runId);
        runs.addApprovedMoves(runId, transferred, reactivated);
        jdbc.update("DELETE FROM staged_student WHERE run_id = ?", runId);
        return new Outcome(transferred, reactivated, skipped);
    }

    /**
     * @param transferred held transfers applied
     * @param reactivated held returns into another school applied
     * @param skipped     held moves whose account changed since the run, not applied
     */
    public record Outcome(int transferred, int reactivated, int skipped) {

        int moved() {
            return transferred + reactivated;
        }
    }
}
