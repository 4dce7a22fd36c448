package org.rostersync.sync.internal.run;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.rostersync.roster.RosterMode;
import org.rostersync.roster.VisibleText;
import org.rostersync.sync.ImportTrigger;
import org.rostersync.sync.RunStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The commands of the {@code import_run} and {@code feed_state} tables: every statement that writes a run's record
 * or the one-run-per-feed claim. What they recorded is read through {@link RunReads}.
 */
@Repository
public class RunRecords {

    private final JdbcClient jdbc;
    private final Clock clock;

    RunRecords(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Makes sure every configured feed has a claim row; safe when several nodes start at once. */
    public void registerFeeds(Collection<String> feedIds) {
        List<String> known = jdbc.sql("SELECT feed_id FROM feed_state").query(String.class).list();
        for (String feedId : feedIds) {
            if (!known.contains(feedId)) {
                try {
                    jdbc.sql("INSERT INTO feed_state (feed_id) VALUES (:feed)").param("feed", feedId).update();
                } catch (DuplicateKeyException e) {
                    // another node registered it first
                }
            }
        }
    }

    public long insertQueued(String feedId, ImportTrigger trigger, String requestedBy, boolean dryRun,
            boolean force) {
        return insertQueued(feedId, null, trigger, requestedBy, dryRun, force, null, null);
    }

    /**
     * A new QUEUED run, owned by {@code nodeId}.
     *
     * @param scheduledFor the Quartz fire time of a SCHEDULED run; unique per feed, {@code null} otherwise
     * @throws DuplicateKeyException when a run for that firing already exists
     */
    public long insertQueued(String feedId, String districtId, ImportTrigger trigger, String requestedBy,
            boolean dryRun, boolean force, String nodeId, Instant scheduledFor) {
        return insertQueued(feedId, districtId, trigger, requestedBy, null, dryRun, force, nodeId, scheduledFor);
    }

    /**
     * Records the district of each configured feed on its runs queued before runs carried it, so that they stay
     * readable by that district's admins once the feed is removed.
     */
    public void recordDistricts(Map<String, String> districtByFeed) {
        districtByFeed.forEach((feedId, districtId) -> jdbc.sql("""
                UPDATE import_run SET district_id = :district WHERE feed_id = :feed AND district_id IS NULL""")
                .param("district", districtId)
                .param("feed", feedId)
                .update());
    }

    /**
     * A new QUEUED run, as {@link #insertQueued(String, String, ImportTrigger, String, boolean, boolean, String,
     * Instant)}, started by someone who sees only {@code starterSchools} ({@code null}: the whole district).
     */
    public long insertQueued(String feedId, String districtId, ImportTrigger trigger, String requestedBy,
            Collection<String> starterSchools, boolean dryRun, boolean force, String nodeId, Instant scheduledFor) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, requested_by,
                                        queued_at, node_id, scheduled_for, starter_schools)
                VALUES (:feed, :district, :trigger, 'QUEUED', :dryRun, :force, :by, :now, :node, :scheduledFor,
                        :starterSchools)""")
                .param("feed", feedId)
                .param("district", districtId, java.sql.Types.VARCHAR)
                .param("trigger", trigger.name())
                .param("dryRun", dryRun)
                .param("force", force)
                .param("by", requestedBy)
                .param("now", now())
                .param("node", nodeId, java.sql.Types.VARCHAR)
                .param("scheduledFor", scheduledFor == null ? null
                        : OffsetDateTime.ofInstant(scheduledFor, ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("starterSchools", starterSchools == null ? null
                        : String.join(",", new java.util.TreeSet<>(starterSchools)), java.sql.Types.VARCHAR)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /**
     * Takes the feed's claim for a run, on behalf of {@code nodeId}; false when another run holds it. Atomic on every
     * node.
     */
    public boolean claim(String feedId, long runId, String nodeId) {
        return jdbc.sql("""
                UPDATE feed_state SET active_run_id = :run, claimed_by = :node
                 WHERE feed_id = :feed AND active_run_id IS NULL""")
                .param("run", runId)
                .param("node", nodeId)
                .param("feed", feedId)
                .update() == 1;
    }

    /** Releases the feed's claim if that node still holds it for that run; false when it does not. */
    public boolean releaseClaimOf(String feedId, long runId, String nodeId) {
        return jdbc.sql("""
                UPDATE feed_state SET active_run_id = NULL, claimed_by = NULL
                 WHERE feed_id = :feed AND active_run_id = :run"""
                + (nodeId == null ? " AND claimed_by IS NULL" : " AND claimed_by = :node"))
                .param("feed", feedId)
                .param("run", runId)
                .params(nodeId == null ? java.util.Map.of() : java.util.Map.of("node", nodeId))
                .update() == 1;
    }

    public void release(String feedId, long runId) {
        jdbc.sql("""
                UPDATE feed_state SET active_run_id = NULL, claimed_by = NULL
                 WHERE feed_id = :feed AND active_run_id = :run""")
                .param("feed", feedId)
                .param("run", runId)
                .update();
    }

    /** Keeps the feed's latest scheduled firing skipped while {@code runId} was in progress (an older one is kept). */
    public void recordSkippedFiring(String feedId, Instant at, Long runId) {
        jdbc.sql("""
                UPDATE feed_state SET skipped_firing_at = :at, skipped_for_run_id = :run
                 WHERE feed_id = :feed AND (skipped_firing_at IS NULL OR skipped_firing_at < :at)""")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("run", runId, java.sql.Types.BIGINT)
                .param("feed", feedId)
                .update();
    }

    public void attachFile(long runId, String path, long size, String sha256) {
        jdbc.sql("UPDATE import_run SET file_path = :path, file_size = :size, file_sha256 = :sha WHERE id = :run")
                .param("path", path)
                .param("size", size)
                .param("sha", sha256)
                .param("run", runId)
                .update();
    }

    public void markRunning(long runId, long jobExecutionId) {
        jdbc.sql("""
                UPDATE import_run SET status = 'RUNNING', started_at = COALESCE(started_at, :now),
                       job_execution_id = :execution
                 WHERE id = :run""")
                .param("now", now())
                .param("execution", jobExecutionId)
                .param("run", runId)
                .update();
    }

    public boolean finish(long runId, RunStatus status, String message) {
        return finish(runId, status, message, "");
    }

    /** Ends the run unless it ended already (another node recovered it); false then. */
    public boolean finishIfActive(long runId, RunStatus status, String message) {
        return finish(runId, status, message, " AND status IN ('QUEUED', 'RUNNING')");
    }

    private boolean finish(long runId, RunStatus status, String message, String condition) {
        return jdbc.sql("UPDATE import_run SET status = :status, ended_at = :now, message = :message WHERE id = :run"
                        + condition)
                .param("status", status.name())
                .param("now", now())
                // a message repeating a control character of a file could not be stored, and the run would not end
                .param("message", message == null ? null : truncate(VisibleText.of(message), 4000))
                .param("run", runId)
                .update() == 1;
    }

    /** Ends a run that is still active as FAILED; false when it already ended (another node got there first). */
    public boolean failIfActive(long runId, String message) {
        // not a run that applied since it was read: its message would say nothing was changed
        return jdbc.sql("""
                UPDATE import_run SET status = 'FAILED', ended_at = :now, message = :message
                 WHERE id = :run AND status IN ('QUEUED', 'RUNNING') AND applied_at IS NULL""")
                .param("now", now())
                .param("message", truncate(message, 4000))
                .param("run", runId)
                .update() == 1;
    }

    /**
     * Ends a run that is still active and still {@code nodeId}'s ({@code null}: no node recorded) as FAILED; false
     * when it ended, applied, or another node took it over for a restart since the caller read it.
     */
    public boolean failIfActiveOn(long runId, String nodeId, String message) {
        return jdbc.sql("""
                UPDATE import_run SET status = 'FAILED', ended_at = :now, message = :message
                 WHERE id = :run AND status IN ('QUEUED', 'RUNNING') AND applied_at IS NULL"""
                + (nodeId == null ? " AND node_id IS NULL" : " AND node_id = :node"))
                .param("now", now())
                .param("message", truncate(message, 4000))
                .param("run", runId)
                .params(nodeId == null ? Map.of() : Map.of("node", nodeId))
                .update() == 1;
    }

    /** Ends a run that is still active; false when it already ended (another node got there first). */
    public boolean endIfActive(long runId, RunStatus status, String message) {
        return jdbc.sql("""
                UPDATE import_run SET status = :status, ended_at = :now, message = :message
                 WHERE id = :run AND status IN ('QUEUED', 'RUNNING')""")
                .param("status", status.name())
                .param("now", now())
                .param("message", truncate(message, 4000))
                .param("run", runId)
                .update() == 1;
    }

    /**
     * Ends the run unless it ended already or another node took it over since {@code jobExecutionId} began (a
     * restart of a run this node was taken to have left: the run's record is the restart's now); false then.
     */
    public boolean finishIfActiveExecution(long runId, long jobExecutionId, RunStatus status, String message) {
        return finish(runId, status, message, " AND status IN ('QUEUED', 'RUNNING') AND job_execution_id = "
                + jobExecutionId);
    }

    /**
     * Takes a run that {@code deadNodeId} left before applying it, for {@code nodeId} to restart: the run and its
     * feed's claim become that node's, and the run forgets its job execution until the restart's begins. Atomic
     * across nodes: of two survivors only one takes it, and a run restarted once is never taken again.
     *
     * @param note the sentence the run's message will end with
     * @return false when another node took it first, or it was restarted before, or it ended
     */
    public boolean claimRestart(long runId, String deadNodeId, String nodeId, String note) {
        boolean claimed = jdbc.sql("""
                UPDATE import_run SET node_id = :node, restarts = restarts + 1, restart_note = :note,
                       job_execution_id = NULL
                 WHERE id = :run AND node_id = :dead AND restarts = 0 AND applied_at IS NULL
                   AND status IN ('QUEUED', 'RUNNING')""")
                .param("node", nodeId)
                .param("note", truncate(note, 1000))
                .param("run", runId)
                .param("dead", deadNodeId)
                .update() == 1;
        if (claimed) {
            jdbc.sql("UPDATE feed_state SET claimed_by = :node WHERE active_run_id = :run")
                    .param("node", nodeId)
                    .param("run", runId)
                    .update();
        }
        return claimed;
    }

    public void delete(long runId) {
        jdbc.sql("DELETE FROM import_run WHERE id = :run").param("run", runId).update();
    }

    /** Records the mode of the run's file, as the load step read it. */
    public void recordRosterMode(long runId, RosterMode mode) {
        jdbc.sql("UPDATE import_run SET roster_mode = :mode WHERE id = :run").param("mode", mode.name())
                .param("run", runId).update();
    }

    /** Records the fields (their keys) the run's file had a column for, as the load step read its header. */
    public void recordPresentFields(long runId, Collection<String> fieldKeys) {
        jdbc.sql("UPDATE import_run SET present_fields = :fields WHERE id = :run")
                .param("fields", String.join(",", fieldKeys)).param("run", runId).update();
    }

    /** Records that the run reuses the plan of {@code reusedRunId}, whose complete file it found unchanged. */
    public void recordReuse(long runId, long reusedRunId) {
        jdbc.sql("""
                UPDATE import_run SET reused_run_id = :reused, roster_mode = 'BULK',
                       rows_read = (SELECT p.rows_read FROM import_run p WHERE p.id = :reused),
                       present_fields = (SELECT p.present_fields FROM import_run p WHERE p.id = :reused)
                 WHERE id = :run""")
                .param("reused", reusedRunId)
                .param("run", runId)
                .update();
    }

    /** Records what the guard step decided: its message ({@code null}: nothing to say) and the changes it held. */
    public void recordGuard(long runId, String message, int held) {
        jdbc.sql("UPDATE import_run SET guard_message = :message, held = :held WHERE id = :run")
                .param("message", message, java.sql.Types.VARCHAR)
                .param("held", held)
                .param("run", runId)
                .update();
    }

    /** Adds a sentence to the run's guard message, in the caller's transaction. */
    public void appendGuardMessage(long runId, String sentence) {
        String guard = jdbc.sql("SELECT guard_message FROM import_run WHERE id = :run").param("run", runId)
                .query(String.class).optional().orElse(null);
        jdbc.sql("UPDATE import_run SET guard_message = :message WHERE id = :run")
                .param("message", (guard == null ? "" : guard + " ") + sentence).param("run", runId).update();
    }

    /** Records the digests of the settings and accounts the run planned or applied under, for the next run. */
    public void recordDigests(long runId, String settingsHash, String accountsHash) {
        jdbc.sql("UPDATE import_run SET settings_hash = :settings, accounts_hash = :accounts WHERE id = :run")
                .param("settings", settingsHash)
                .param("accounts", accountsHash)
                .param("run", runId)
                .update();
    }

    /** Records that the run's apply step changed the accounts, in its transaction. */
    /** Marks a run as one that imports staff records (its plan names staff, see {@code record_kind}). */
    public void markStaffRun(long runId) {
        jdbc.sql("UPDATE import_run SET record_kind = 'STAFF' WHERE id = :run").param("run", runId).update();
    }

    /**
     * The staff run of a feed that reads students and staff from one pull ({@code records: [STUDENTS, STAFF]}),
     * queued after its student run {@code runId} over the same file, with the same trigger and starter.
     */
    public long insertStaffCompanion(long runId, String nodeId) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, requested_by,
                                        queued_at, node_id, starter_schools, file_path, file_size, file_sha256,
                                        record_kind)
                SELECT feed_id, district_id, trigger_type, 'QUEUED', dry_run, forced, requested_by, :now, :node,
                       starter_schools, file_path, file_size, file_sha256, 'STAFF'
                  FROM import_run WHERE id = :run""")
                .param("now", now())
                .param("node", nodeId, java.sql.Types.VARCHAR)
                .param("run", runId)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void markApplied(long runId, java.time.OffsetDateTime at) {
        jdbc.sql("UPDATE import_run SET applied_at = :at WHERE id = :run").param("at", at).param("run", runId)
                .update();
    }

    /** Adds the held moves an approval applied to the run's counts, in the approval's transaction. */
    public void addApprovedMoves(long runId, int transferred, int reactivated) {
        jdbc.sql("""
                UPDATE import_run SET transferred = transferred + :transferred, reactivated = reactivated + :reactivated
                 WHERE id = :run""")
                .param("transferred", transferred)
                .param("reactivated", reactivated)
                .param("run", runId)
                .update();
    }

    /**
     * Ends the hold of a run an admin approved: the deactivations applied added to its counts, nothing held any more,
     * who approved it and when, and the run COMPLETED (WITH_ERRORS if it rejected rows) with {@code message}.
     */
    public void recordApproval(long runId, int deactivated, String approver, OffsetDateTime at, String message) {
        jdbc.sql("""
                UPDATE import_run
                   SET deactivated = deactivated + :deactivated, held = 0, approved_by = :approver, approved_at = :at,
                       status = CASE WHEN rejected > 0 THEN 'COMPLETED_WITH_ERRORS' ELSE 'COMPLETED' END,
                       message = :message
                 WHERE id = :run""")
                .param("deactivated", deactivated)
                .param("approver", approver)
                .param("at", at)
                .param("message", message)
                .param("run", runId)
                .update();
    }

    /** Records the revert run as applied at {@code at}, reverting {@code runId}; it read no rows. */
    public void recordRevertApplied(long revertRunId, long runId, OffsetDateTime at) {
        jdbc.sql("""
                UPDATE import_run SET reverts_run_id = :run, applied_at = :at, started_at = :at, rows_read = 0
                 WHERE id = :revert""")
                .param("run", runId)
                .param("at", at)
                .param("revert", revertRunId)
                .update();
    }

    /** Records on the reverted run the run that reverted it. */
    public void markRevertedBy(long runId, long revertRunId) {
        jdbc.sql("UPDATE import_run SET reverted_by_run_id = :revert WHERE id = :run")
                .param("revert", revertRunId)
                .param("run", runId)
                .update();
    }

    /** Marks a failed revert as a revert all the same: the feed's health and its last good file do not count it. */
    public void markRevertOf(long revertRunId, long runId) {
        jdbc.sql("UPDATE import_run SET reverts_run_id = :run WHERE id = :revert").param("run", runId)
                .param("revert", revertRunId).update();
    }

    /** Records that the runs' details were deleted at {@code at}. */
    public void markDetailsDeleted(Collection<Long> runIds, OffsetDateTime at) {
        jdbc.sql("UPDATE import_run SET details_deleted_at = :now WHERE id IN (:runs)")
                .param("now", at)
                .param("runs", runIds)
                .update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
