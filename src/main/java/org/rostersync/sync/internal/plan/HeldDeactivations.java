package org.rostersync.sync.internal.plan;

import org.rostersync.sync.internal.run.RunLifecycle;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.account.HeldAccountChanges;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies the deactivations a guard held, once an admin approves them: exactly the held ones, only for accounts
 * still as the plan found them (active, imported, in the planned school), with an audit event naming the approver;
 * then ends the hold (the run's held moves, see {@link HeldMoves}, are applied just before). The accounts and their
 * events are written by the account module ({@link HeldAccountChanges}); this class ends the hold in the plan and
 * records the approval on the run.
 */
@Component
public class HeldDeactivations {

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;
    private final Clock clock;
    private final HeldAccountChanges accounts;

    HeldDeactivations(JdbcTemplate jdbc, RunRecords runs, RunReads reads, Clock clock, HeldAccountChanges accounts) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reads = reads;
        this.clock = clock;
        this.accounts = accounts;
    }

    /** Deactivates the run's held accounts; the caller holds the feed's claim and a transaction. */
    public int apply(long runId, String approver) {
        return apply(runId, approver, new HeldMoves.Outcome(0, 0, 0));
    }

    /**
     * Deactivates the run's held accounts after its held moves were applied ({@code moves}), and ends the hold; the
     * caller holds the feed's claim and a transaction.
     */
    public int apply(long runId, String approver, HeldMoves.Outcome moves) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int deactivated = accounts.deactivate(runId, now, approver);
        // a held student moved, deactivated or made by hand since the run keeps their account: their plan entry
        // goes, so that the changes list what the approval did and agree with the counts
        int skipped = endHold(jdbc, "student_account", runId);
        runs.recordApproval(runId, deactivated, approver, now,
                truncate("Approved by " + approver + ": " + deactivated + " held deactivation"
                        + (deactivated == 1 ? "" : "s")
                        + (moves.moved() + moves.skipped() == 0 ? "" : " and " + moves.moved() + " held transfer"
                                + (moves.moved() == 1 ? "" : "s"))
                        + " applied"
                        + (skipped == 0 ? "" : "; " + skipped + " skipped, changed since the run (moved to another"
                                + " school, deactivated or made by hand), and removed from its changes")
                        + (moves.skipped() == 0 ? "" : "; " + moves.skipped() + " transfer"
                                + (moves.skipped() == 1 ? "" : "s") + " skipped, the account changed since the run"
                                + " (moved, deactivated or back), and removed from its changes")
                        + ". When the run ended: " + ended(reads, runId)));
        return deactivated;
    }

    /**
     * Ends a run's hold: removes the plan entries of held deactivations the approval did not apply (no
     * {@code accountTable} row deactivated by the run), and clears the hold on the rest. Shared by the student
     * and staff approvals.
     *
     * @return how many held deactivations were removed, skipped
     */
    static int endHold(JdbcTemplate jdbc, String accountTable, long runId) {
        int skipped = jdbc.update("""
                DELETE FROM planned_change
                 WHERE run_id = ? AND action = 'DEACTIVATE' AND held = TRUE
                   AND NOT EXISTS (SELECT 1 FROM %s a
                                    WHERE a.id = planned_change.account_id AND a.status = 'DEACTIVATED'
                                      AND a.last_run_id = planned_change.run_id)""".formatted(accountTable), runId);
        jdbc.update("UPDATE planned_change SET held = FALSE WHERE run_id = ? AND held = TRUE", runId);
        return skipped;
    }

    /** The run's message from when it ended, without its how-to-go-on advice (the approval has gone on). */
    static String ended(RunReads reads, long runId) {
        return reads.message(runId).replace(RunLifecycle.howToGoOn(runId, false), "")
                .replace(RunLifecycle.howToGoOn(runId, true), "");
    }

    /** The text cut to the 4000 characters a run's message holds. */
    static String truncate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 3999) + "…";
    }
}
