package org.rostersync.sync.internal.plan;

import org.rostersync.sync.internal.database.DatabaseDialect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The unchanged-file shortcut: a large file identical to the one the feed's last run completed with, read under
 * the same settings, against accounts that have not changed since (same digest of every column the plan reads),
 * would plan exactly what that run left: every row unchanged, and the same students still missing. Such a run
 * skips reading the file; only the missing students are planned again, so grace windows still advance. Anything
 * else — another feed or a person touched an account, the settings changed, the last run was held, had rejected
 * rows or was a dry run — and the file is read as usual.
 */
@Component
public class UnchangedFiles {

    /** Smaller files are read again: for them the digest of the district's accounts costs more than it saves. */
    static final long MIN_BYTES = 1_000_000;

    /** Bumped whenever the plan of the same file and accounts could come out differently. */
    private static final String ENGINE_VERSION = "plan-1";

    private static final String PREVIOUS = """
            SELECT p.id, p.file_sha256, p.settings_hash, p.accounts_hash, p.roster_mode
              FROM import_run r
              JOIN import_run p ON p.feed_id = r.feed_id
             WHERE r.id = ? AND p.id = (SELECT MAX(q.id) FROM import_run q
                                          WHERE q.feed_id = r.feed_id AND q.id < r.id AND q.dry_run = FALSE
                                            AND q.applied_at IS NOT NULL)
               AND p.status = 'COMPLETED' AND p.file_sha256 = r.file_sha256 AND r.file_size >= ?""";

    private final JdbcTemplate jdbc;
    private final DatabaseDialect dialect;
    private final SchoolDirectory directory;

    UnchangedFiles(JdbcTemplate jdbc, DatabaseDialect dialect, SchoolDirectory directory) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.directory = directory;
    }

    /** The run whose plan this run may reuse, or {@code null}: then the file must be read. */
    public Long reusableRun(long runId, ImportFeed feed) {
        List<Map<String, Object>> previous = jdbc.queryForList(PREVIOUS, runId, MIN_BYTES);
        if (previous.isEmpty()) {
            return null;
        }
        Map<String, Object> p = previous.get(0);
        String settings = settingsHash(feed);
        if (!settings.equals(p.get("settings_hash")) || p.get("accounts_hash") == null
                || !(p.get("roster_mode") == null || "BULK".equals(p.get("roster_mode")))) {
            return null;
        }
        String accounts = dialect.accountsDigest(feed.districtId());
        if (!accounts.equals(p.get("accounts_hash"))) {
            return null;
        }
        jdbc.update("UPDATE import_run SET settings_hash = ?, accounts_hash = ? WHERE id = ?", settings, accounts,
                runId);
        return ((Number) p.get("id")).longValue();
    }

    /**
     * Records what a run applied under, for the next run of the same file: only for large files, and only when
     * the accounts are not already known (a reused plan that changed nothing keeps the digest it started from).
     */
    public void recordApplied(long runId, ImportFeed feed, boolean changedAccounts) {
        Map<String, Object> run = jdbc.queryForMap(
                "SELECT file_size, accounts_hash, reused_run_id FROM import_run WHERE id = ?", runId);
        Number size = (Number) run.get("file_size");
        if (size == null || size.longValue() < MIN_BYTES) {
            return;
        }
        if (run.get("reused_run_id") != null && run.get("accounts_hash") != null && !changedAccounts) {
            return;
        }
        jdbc.update("UPDATE import_run SET settings_hash = ?, accounts_hash = ? WHERE id = ?", settingsHash(feed),
                dialect.accountsDigest(feed.districtId()), runId);
    }

    /** The feed's settings and its district's schools (a School ID routes rows), with the engine version. */
    private String settingsHash(ImportFeed feed) {
        String text = ENGINE_VERSION + "|" + feed + "|" + directory.district(feed.districtId()).map(Object::toString)
                .orElse("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
