package org.rostersync.sync.internal.plan;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.rostersync.staff.RosterStaffRecords;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies the deactivations a guard held in a staff run, once an admin approves them, as {@link HeldDeactivations}
 * does for students: exactly the held ones, only for records still active at the planned school; then ends the hold.
 */
@Component
public class StaffHeldDeactivations {

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;
    private final Clock clock;
    private final RosterStaffRecords staff;

    StaffHeldDeactivations(JdbcTemplate jdbc, RunRecords runs, RunReads reads, Clock clock,
            RosterStaffRecords staff) {
        this.reads = reads;
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.staff = staff;
    }

    /** Deactivates the run's held staff records; the caller holds the feed's claim and a transaction. */
    public int apply(long runId, String approver) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int deactivated = staff.deactivateHeld(runId, now);
        int skipped = HeldDeactivations.endHold(jdbc, "staff_account", runId);
        // its own message: a staff run holds no transfers, and its skipped records are only "changed since"
        runs.recordApproval(runId, deactivated, approver, now, HeldDeactivations.truncate("Approved by " + approver
                + ": " + deactivated + " held deactivation" + (deactivated == 1 ? "" : "s") + " applied"
                + (skipped == 0 ? "" : "; " + skipped + " skipped, changed since the run, and removed from its changes")
                + ". When the run ended: " + HeldDeactivations.ended(reads, runId)));
        return deactivated;
    }
}
