package org.rostersync.sync.internal.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.rostersync.roster.RosterMode;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportTrigger;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunStatus;
import org.rostersync.sync.SkippedFiring;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reads of the {@code import_run} and {@code feed_state} tables: what runs and their feeds' claims recorded.
 * Nothing here writes; the commands are {@link RunRecords}.
 */
@Repository
public class RunReads {

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

    RunReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

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

    // present_fields: written by RunRecords.recordPresentFields (and recordReuse)

    /** The keys of the fields the run's file had a column for; empty when that was never recorded. */
    public Optional<List<String>> presentFields(long runId) {
        return jdbc.sql("SELECT present_fields FROM import_run WHERE id = :run AND present_fields IS NOT NULL")
                .param("run", runId)
                .query(String.class)
                .optional()
                .map(RunReads::fieldKeys);
    }

    /**
     * The feed's last good run before {@code runId} (COMPLETED, not a dry run, applied) with the keys of the fields
     * its file had a column for; empty when there is none or it recorded no fields.
     */
    public Optional<RunFields> lastGoodRunFields(String feedId, long runId) {
        return jdbc.sql("""
                SELECT id, present_fields FROM import_run
                 WHERE feed_id = :feed AND id < :run AND dry_run = FALSE AND status = 'COMPLETED'
                   AND applied_at IS NOT NULL
                 ORDER BY feed_id DESC, id DESC FETCH FIRST 1 ROWS ONLY""")
                .param("feed", feedId)
                .param("run", runId)
                .query((rs, n) -> new RunFields(rs.getLong("id"), rs.getString("present_fields") == null ? null
                        : fieldKeys(rs.getString("present_fields"))))
                .optional()
                .filter(run -> run.fieldKeys() != null);
    }

    /** A run and the keys of the fields its file had a column for. */
    public record RunFields(long runId, List<String> fieldKeys) {
    }

    private static List<String> fieldKeys(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** The feed's latest scheduled firing that was skipped because a run of the feed was in progress. */
    public Optional<SkippedFiring> skippedFiring(String feedId) {
        return jdbc.sql("""
                SELECT skipped_firing_at, skipped_for_run_id FROM feed_state
                 WHERE feed_id = :feed AND skipped_firing_at IS NOT NULL""")
                .param("feed", feedId)
                .query((rs, n) -> SkippedFiring.of(instant(rs, "skipped_firing_at"),
                        rs.getObject("skipped_for_run_id") == null ? null : rs.getLong("skipped_for_run_id")))
                .optional();
    }

    public Optional<Long> activeRun(String feedId) {
        return jdbc.sql("SELECT active_run_id FROM feed_state WHERE feed_id = :feed AND active_run_id IS NOT NULL")
                .param("feed", feedId)
                .query(Long.class)
                .optional();
    }

    /** Whether the run imported staff records rather than students. */
    public boolean staffRun(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM import_run WHERE id = :run AND record_kind = 'STAFF'")
                .param("run", runId).query(Long.class).single() > 0;
    }

    public Optional<RunSettings> settings(long runId) {
        return jdbc.sql("""
                SELECT feed_id, dry_run, forced, requested_by, file_path, record_kind FROM import_run WHERE id = :run""")
                .param("run", runId)
                .query((rs, n) -> new RunSettings(runId, rs.getString("feed_id"), rs.getBoolean("dry_run"),
                        rs.getBoolean("forced"), rs.getString("requested_by"), rs.getString("file_path"),
                        "STAFF".equals(rs.getString("record_kind"))))
                .optional();
    }

    /** What the job needs to know about its run; {@code staff}: it imports staff records, not students. */
    public record RunSettings(long runId, String feedId, boolean dryRun, boolean force, String requestedBy,
            String filePath, boolean staff) {
    }

    public Optional<ImportRun> find(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM import_run WHERE id = :run")
                .param("run", runId)
                .query(RunReads::map)
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
                    .query(RunReads::map)
                    .list();
        }
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM import_run WHERE feed_id IN (:feeds)
                ORDER BY id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""")
                .param("feeds", feedIds)
                .param("offset", offset)
                .param("limit", limit)
                .query(RunReads::map)
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
                .query(RunReads::map)
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
                .query(RunReads::map)
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
                   AND record_kind = (SELECT k.record_kind FROM import_run k WHERE k.id = :run)
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
                                                  AND q.applied_at IS NOT NULL AND q.record_kind = r.record_kind)
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
                   AND status <> 'FAILED'
                   AND record_kind = (SELECT k.record_kind FROM import_run k WHERE k.id = :run)""")
                .param("feed", feedId)
                .param("run", runId)
                .query(Long.class)
                .optional();
    }

    /** The first run of a feed after {@code runId} that applied changes or is about to. */
    public Optional<Long> changedSinceBy(String feedId, long runId) {
        return jdbc.sql("""
                SELECT MIN(id) FROM import_run
                 WHERE feed_id = :feed AND id > :run AND (applied_at IS NOT NULL OR status IN ('QUEUED', 'RUNNING'))
                   AND record_kind = (SELECT k.record_kind FROM import_run k WHERE k.id = :run)""")
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
}
