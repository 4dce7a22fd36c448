package org.rostersync.sync.internal.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rostersync.roster.RosterMode;
import org.rostersync.roster.VisibleText;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportTrigger;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code import_run} and {@code feed_state} tables: a run's record and the one-run-per-feed claim. */
@Repository
public class RunRecords {

    private static final String COLUMNS = """
            id, feed_id, trigger_type, status, dry_run, queued_at, started_at, ended_at, message, rows_read,
            created, updated, transferred, reactivated, unchanged, missing, deactivated, rejected, held""";

    /**
     * A feed's runs, newest first (its page, chart and last run), in the order of the (feed_id, id) index: H2 then
     * reads it backwards from the newest run; with {@code ORDER BY id} alone it read and sorted every run the feed
     * ever had, for each call.
     */
    static final String FEED_RUNS = "SELECT " + COLUMNS + """
             FROM import_run WHERE feed_id = :feed
            ORDER BY feed_id DESC, id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""";

    /** What the feeds' health judges, for every feed at every health check; in the index's order, as above. */
    static final String LATEST_FINISHED_IMPORT = "SELECT " + COLUMNS + """
             FROM import_run
            WHERE feed_id = :feed AND dry_run = FALSE AND reverts_run_id IS NULL
              AND status IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD', 'FAILED')
            ORDER BY feed_id DESC, id DESC FETCH FIRST 1 ROWS ONLY""";

    private final JdbcClient jdbc;
    private final Clock clock;

    RunRecords(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // Commands: every statement that writes import_run or feed_state.

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

    /** Records that the run reuses the plan of {@code reusedRunId}, whose complete file it found unchanged. */
    public void recordReuse(long runId, long reusedRunId) {
        jdbc.sql("""
                UPDATE import_run SET reused_run_id = :reused, roster_mode = 'BULK',
                       rows_read = (SELECT p.rows_read FROM import_run p WHERE p.id = :reused)
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

    // Reads: what runs and their feeds' claims recorded; nothing below writes.

    /** The district of the run's feed when it was queued. */
    public Optional<String> district(long runId) {
        return jdbc.sql("SELECT district_id FROM import_run WHERE id = :run AND district_id IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional();
    }

    /** Runs still QUEUED or RUNNING, oldest first, with the node that owns each. */
    public List<ActiveRun> activeRuns() {
        return jdbc.sql("""
                SELECT id, feed_id, node_id, job_execution_id, applied_at FROM import_run
                 WHERE status IN ('QUEUED', 'RUNNING') ORDER BY id""")
                .query((rs, n) -> new ActiveRun(rs.getLong("id"), rs.getString("feed_id"), rs.getString("node_id"),
                        rs.getObject("job_execution_id") == null ? null : rs.getLong("job_execution_id"),
                        rs.getObject("applied_at") != null))
                .list();
    }

    /** A run that has not ended, as start-up recovery sees it. */
    public record ActiveRun(long runId, String feedId, String nodeId, Long jobExecutionId, boolean applied) {
    }

    /** Claims held by a run that is no longer QUEUED or RUNNING, with the node that took each. */
    public List<EndedRunClaim> claimsOfEndedRuns() {
        return jdbc.sql("""
                SELECT f.feed_id, f.active_run_id, f.claimed_by FROM feed_state f
                 WHERE f.active_run_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM import_run r
                                    WHERE r.id = f.active_run_id AND r.status IN ('QUEUED', 'RUNNING'))""")
                .query((rs, n) -> new EndedRunClaim(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
    }

    /** A feed claimed for a run that has ended, and the node that took the claim (null before it was recorded). */
    public record EndedRunClaim(String feedId, long runId, String nodeId) {
    }

    public Optional<Long> activeRun(String feedId) {
        return jdbc.sql("SELECT active_run_id FROM feed_state WHERE feed_id = :feed AND active_run_id IS NOT NULL")
                .param("feed", feedId)
                .query(Long.class)
                .optional();
    }

    public Optional<RunSettings> settings(long runId) {
        return jdbc.sql("SELECT feed_id, dry_run, forced, requested_by, file_path FROM import_run WHERE id = :run")
                .param("run", runId)
                .query((rs, n) -> new RunSettings(runId, rs.getString("feed_id"), rs.getBoolean("dry_run"),
                        rs.getBoolean("forced"), rs.getString("requested_by"), rs.getString("file_path")))
                .optional();
    }

    /** What the job needs to know about its run. */
    public record RunSettings(long runId, String feedId, boolean dryRun, boolean force, String requestedBy,
            String filePath) {
    }

    public Optional<ImportRun> find(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM import_run WHERE id = :run")
                .param("run", runId)
                .query(RunRecords::map)
                .optional();
    }

    /** Runs of the given feeds, newest first. */
    public List<ImportRun> list(Collection<String> feedIds, int offset, int limit) {
        if (feedIds.isEmpty()) {
            return List.of();
        }
        if (feedIds.size() == 1) {
            return jdbc.sql(FEED_RUNS)
                    .param("feed", feedIds.iterator().next())
                    .param("offset", offset)
                    .param("limit", limit)
                    .query(RunRecords::map)
                    .list();
        }
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM import_run WHERE feed_id IN (:feeds)
                ORDER BY id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""")
                .param("feeds", feedIds)
                .param("offset", offset)
                .param("limit", limit)
                .query(RunRecords::map)
                .list();
    }

    public long count(Collection<String> feedIds) {
        if (feedIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM import_run WHERE feed_id IN (:feeds)")
                .param("feeds", feedIds)
                .query(Long.class)
                .single();
    }

    /** The newest run of a feed, if it ever ran. */
    public Optional<ImportRun> latest(String feedId) {
        return list(List.of(feedId), 0, 1).stream().findFirst();
    }

    /** The feed's runs that ended after {@code from} and up to {@code to}, oldest first, at most {@code limit}. */
    public List<ImportRun> endedBetween(String feedId, Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM import_run
                WHERE feed_id = :feed AND ended_at > :from AND ended_at <= :to
                ORDER BY ended_at, id FETCH FIRST :limit ROWS ONLY""")
                .param("feed", feedId)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .param("limit", limit)
                .query(RunRecords::map)
                .list();
    }

    public long countEndedBetween(String feedId, Instant from, Instant to) {
        return jdbc.sql("SELECT COUNT(*) FROM import_run WHERE feed_id = :feed AND ended_at > :from AND ended_at <= :to")
                .param("feed", feedId)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    /** The feed's latest run that ended and was a real import: not a dry run, not a revert, not one in progress. */
    public Optional<ImportRun> latestFinishedImport(String feedId) {
        return jdbc.sql(LATEST_FINISHED_IMPORT)
                .param("feed", feedId)
                .query(RunRecords::map)
                .optional();
    }

    /** Whether the run's apply step committed. */
    public boolean applied(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM import_run WHERE id = :run AND applied_at IS NOT NULL")
                .param("run", runId)
                .query(Integer.class)
                .single() > 0;
    }

    /** When the run's apply step committed; empty if it never did. */
    public Optional<OffsetDateTime> appliedAt(long runId) {
        return jdbc.sql("SELECT applied_at FROM import_run WHERE id = :run AND applied_at IS NOT NULL")
                .param("run", runId)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional();
    }

    /**
     * The schools the run's starter could see when it was queued; empty when they see the whole district (a district
     * admin's upload, a scheduled or pulled run).
     */
    public Optional<List<String>> starterSchools(long runId) {
        return jdbc.sql("SELECT starter_schools FROM import_run WHERE id = :run AND starter_schools IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional()
                .map(schools -> java.util.Arrays.stream(schools.split(",")).filter(s -> !s.isEmpty()).toList());
    }

    /** What the guard step decided, if it held or skipped anything. */
    public Optional<String> guardMessage(long runId) {
        return jdbc.sql("SELECT guard_message FROM import_run WHERE id = :run AND guard_message IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional();
    }

    /** The run's message as it ended (a held run's says what was held and how to go on). */
    public String message(long runId) {
        return jdbc.sql("SELECT message FROM import_run WHERE id = :run").param("run", runId).query(String.class)
                .single();
    }

    /** The rows the load step counted in the run's file (with the withdrawn students of a delta). */
    public int rowsRead(long runId) {
        return jdbc.sql("SELECT rows_read FROM import_run WHERE id = :run").param("run", runId).query(Integer.class)
                .single();
    }

    /** The run's file mode as the load step recorded it; empty when it never got to read it. */
    public Optional<RosterMode> rosterMode(long runId) {
        return jdbc.sql("SELECT roster_mode FROM import_run WHERE id = :run AND roster_mode IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional()
                .map(RosterMode::valueOf);
    }

    /** How often a node restarted the run after its node died (0 or 1: a second interruption fails it). */
    public int restarts(long runId) {
        return jdbc.sql("SELECT restarts FROM import_run WHERE id = :run").param("run", runId).query(Integer.class)
                .single();
    }

    /** The sentence about the run's restart that its message ends with; empty unless a node restarted it. */
    public Optional<String> restartNote(long runId) {
        return jdbc.sql("SELECT restart_note FROM import_run WHERE id = :run AND restart_note IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional();
    }

    /** The job execution the run's record belongs to now; empty while a restart has not begun its own. */
    public Optional<Long> jobExecutionId(long runId) {
        return jdbc.sql("SELECT job_execution_id FROM import_run WHERE id = :run AND job_execution_id IS NOT NULL")
                .param("run", runId)
                .query(Long.class)
                .optional();
    }

    /** The SHA-256 of the run's file as it was fetched or uploaded; empty before that. */
    public Optional<String> fileSha256(long runId) {
        return jdbc.sql("SELECT file_sha256 FROM import_run WHERE id = :run AND file_sha256 IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional();
    }

    /** The path of the run's file on the node that stored it; empty before it was uploaded or fetched. */
    public Optional<String> filePath(long runId) {
        return jdbc.sql("SELECT file_path FROM import_run WHERE id = :run AND file_path IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional();
    }

    /**
     * The feed's last good complete file before {@code runId}: a full snapshot (not a delta, which carries only
     * changes) whose run passed the guards, was forced, or had its held deactivations approved. A run the guards held
     * or warned about is no measure: the same short file twice must be held twice, and on a feed with a grace window
     * the short file that only marked students missing must not let the next one deactivate them unchecked.
     */
    public Optional<LastGoodFile> lastGoodFile(String feedId, long runId) {
        return jdbc.sql("""
                SELECT id, rows_read FROM import_run
                 WHERE feed_id = :feed AND id < :run AND dry_run = FALSE AND rows_read > 0
                   AND status IN ('COMPLETED', 'COMPLETED_WITH_ERRORS')
                   AND (guard_message IS NULL OR forced = TRUE OR approved_at IS NOT NULL)
                   AND (roster_mode IS NULL OR roster_mode = 'BULK')
                 ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""")
                .param("feed", feedId)
                .param("run", runId)
                .query((rs, n) -> new LastGoodFile(rs.getLong("id"), rs.getLong("rows_read")))
                .optional();
    }

    /** The run of a feed's last good complete file and the rows it had. */
    public record LastGoodFile(long runId, long rowsRead) {
    }

    /**
     * The feed's last applied run before {@code runId}, if it completed with the same file as {@code runId} and that
     * file has at least {@code minBytes}: the run whose plan an unchanged file may reuse.
     */
    public Optional<SameFileRun> lastAppliedRunOfSameFile(long runId, long minBytes) {
        return jdbc.sql("""
                SELECT p.id, p.settings_hash, p.accounts_hash, p.roster_mode
                  FROM import_run r
                  JOIN import_run p ON p.feed_id = r.feed_id
                 WHERE r.id = :run AND p.id = (SELECT MAX(q.id) FROM import_run q
                                                WHERE q.feed_id = r.feed_id AND q.id < r.id AND q.dry_run = FALSE
                                                  AND q.applied_at IS NOT NULL)
                   AND p.status = 'COMPLETED' AND p.file_sha256 = r.file_sha256 AND r.file_size >= :minBytes""")
                .param("run", runId)
                .param("minBytes", minBytes)
                .query((rs, n) -> new SameFileRun(rs.getLong("id"), rs.getString("settings_hash"),
                        rs.getString("accounts_hash"), rs.getString("roster_mode")))
                .optional();
    }

    /** A run whose file a later run found unchanged, with the digests it applied under and its file's mode. */
    public record SameFileRun(long runId, String settingsHash, String accountsHash, String rosterMode) {
    }

    /** The run's file size and accounts digest, and the run whose plan it reused (each {@code null} if none). */
    public AppliedFile appliedFile(long runId) {
        return jdbc.sql("SELECT file_size, accounts_hash, reused_run_id FROM import_run WHERE id = :run")
                .param("run", runId)
                .query((rs, n) -> new AppliedFile(rs.getObject("file_size", Long.class), rs.getString("accounts_hash"),
                        rs.getObject("reused_run_id", Long.class)))
                .single();
    }

    /** What {@link #appliedFile} reads. */
    public record AppliedFile(Long fileSize, String accountsHash, Long reusedRunId) {
    }

    /** The first run of a feed after {@code runId} that replaced its plan: a later real run that did not fail. */
    public Optional<Long> planReplacedBy(String feedId, long runId) {
        return jdbc.sql("""
                SELECT MIN(id) FROM import_run WHERE feed_id = :feed AND id > :run AND dry_run = FALSE
                   AND status <> 'FAILED'""")
                .param("feed", feedId)
                .param("run", runId)
                .query(Long.class)
                .optional();
    }

    /** The first run of a feed after {@code runId} that applied changes or is about to. */
    public Optional<Long> changedSinceBy(String feedId, long runId) {
        return jdbc.sql("""
                SELECT MIN(id) FROM import_run
                 WHERE feed_id = :feed AND id > :run AND (applied_at IS NOT NULL OR status IN ('QUEUED', 'RUNNING'))""")
                .param("feed", feedId)
                .param("run", runId)
                .query(Long.class)
                .optional();
    }

    /**
     * What decides whether a run can be reverted.
     *
     * @param applied    whether its apply step committed
     * @param revertedBy the run that reverted it, if any
     * @param reverts    the run it is the revert of, if any
     */
    public record RevertFacts(boolean applied, Long revertedBy, Long reverts) {
    }

    public RevertFacts revertFacts(long runId) {
        return jdbc.sql("""
                SELECT applied_at, reverted_by_run_id, reverts_run_id FROM import_run WHERE id = :run""")
                .param("run", runId)
                .query((rs, n) -> new RevertFacts(rs.getObject(1) != null, (Long) rs.getObject(2, Long.class),
                        (Long) rs.getObject(3, Long.class)))
                .single();
    }

    /** When the run's details were deleted after {@code rostersync.run-retention}; empty while they are kept. */
    public Optional<Instant> detailsDeletedAt(long runId) {
        return jdbc.sql("SELECT details_deleted_at FROM import_run WHERE id = :run AND details_deleted_at IS NOT NULL")
                .param("run", runId)
                .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .optional();
    }

    /** The oldest run that still has its details, in the (details_deleted_at, id) index's order: no table scan. */
    public Optional<Long> oldestWithDetails() {
        return jdbc.sql("""
                SELECT id FROM import_run WHERE details_deleted_at IS NULL
                 ORDER BY details_deleted_at, id FETCH FIRST 1 ROWS ONLY""")
                .query(Long.class)
                .optional();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static ImportRun map(ResultSet rs, int row) throws SQLException {
        RunCounts counts = new RunCounts(rs.getInt("rows_read"), rs.getInt("created"), rs.getInt("updated"),
                rs.getInt("transferred"), rs.getInt("reactivated"), rs.getInt("unchanged"), rs.getInt("missing"),
                rs.getInt("deactivated"), rs.getInt("rejected"), rs.getInt("held"));
        return new ImportRun(rs.getLong("id"), rs.getString("feed_id"),
                ImportTrigger.valueOf(rs.getString("trigger_type")), RunStatus.valueOf(rs.getString("status")),
                rs.getBoolean("dry_run"), instant(rs, "queued_at"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getString("message"), counts);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
