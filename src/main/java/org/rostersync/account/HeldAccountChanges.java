package org.rostersync.account;

import static org.rostersync.account.AccountEventType.DEACTIVATED;
import static org.rostersync.account.AccountEventType.REACTIVATED;
import static org.rostersync.account.AccountEventType.TRANSFERRED;

import java.time.OffsetDateTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The account writes of a district admin's approval of a held run: the held deactivations applied, and an audit
 * event naming the approver for each held deactivation and move. Set-based over the run's plan entries
 * ({@code planned_change}, which the sync module writes and ends the hold of); the caller holds the feed's claim and
 * a transaction.
 */
@Repository
public class HeldAccountChanges {

    private static final String DEACTIVATE = """
            UPDATE student_account
               SET status_before_deactivation = status, status = 'DEACTIVATED', deactivated_at = ?,
                   updated_at = ?, last_run_id = ?
             WHERE status <> 'DEACTIVATED' AND origin = 'IMPORT'
               AND id IN (SELECT c.account_id FROM planned_change c
                           WHERE c.run_id = ? AND c.action = 'DEACTIVATE' AND c.held = TRUE
                             AND c.school_id = student_account.school_id)""";

    private static final String DEACTIVATIONS_AUDIT = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT c.account_id, %s, ?, ?, c.run_id, 'school ' || c.school_id || ', approved after a hold'
              FROM planned_change c
              JOIN student_account a ON a.id = c.account_id
             WHERE c.run_id = ? AND c.action = 'DEACTIVATE' AND c.held = TRUE
               AND a.status = 'DEACTIVATED' AND a.last_run_id = c.run_id""".formatted(DEACTIVATED.sql());

    /** The blank: which plan entries {@code c} are the run's held moves. */
    private static final String MOVES_AUDIT = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT c.account_id, CASE c.action WHEN 'TRANSFER' THEN %s ELSE %s END, ?, ?,
                   c.run_id, 'from ' || c.previous_school_id || ' to ' || c.school_id || ', approved after a hold'
              FROM planned_change c
              JOIN student_account a ON a.id = c.account_id
             WHERE c.run_id = ? AND a.last_run_id = c.run_id AND """.formatted(TRANSFERRED.sql(), REACTIVATED.sql())
            + " %s";

    private final JdbcTemplate jdbc;

    HeldAccountChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deactivates the run's held accounts that are still as the plan found them (active, imported, in the planned
     * school), each with a DEACTIVATED event naming the approver.
     *
     * @return how many accounts were deactivated
     */
    public int deactivate(long runId, OffsetDateTime now, String approver) {
        int deactivated = jdbc.update(DEACTIVATE, now, now, runId, runId);
        jdbc.update(DEACTIVATIONS_AUDIT, now, approver, runId);
        return deactivated;
    }

    /**
     * Records a TRANSFERRED or REACTIVATED event naming the approver for each held move (plan entries {@code c}
     * chosen by {@code heldMoves}) that the approval applied to its account.
     */
    public void recordMoves(long runId, String heldMoves, OffsetDateTime now, String approver) {
        jdbc.update(MOVES_AUDIT.formatted(heldMoves), now, approver, runId);
    }
}
