package org.rostersync.sync.internal.plan;

import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
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

    /**
     * Bumped whenever the plan of the same file and accounts could come out differently. {@code plan-2}: a field the
     * file has no column for keeps its stored values, where an earlier plan cleared them.
     */
    private static final String ENGINE_VERSION = "plan-2";

    private final RunRecords runs;
    private final RunReads reads;
    private final DatabaseDialect dialect;
    private final SchoolDirectory directory;

    UnchangedFiles(RunRecords runs, RunReads reads, DatabaseDialect dialect, SchoolDirectory directory) {
        this.runs = runs;
        this.reads = reads;
        this.dialect = dialect;
        this.directory = directory;
    }

    /** The run whose plan this run may reuse, or {@code null}: then the file must be read. */
    public Long reusableRun(long runId, ImportFeed feed) {
        RunReads.SameFileRun p = reads.lastAppliedRunOfSameFile(runId, MIN_BYTES).orElse(null);
        if (p == null) {
            return null;
        }
        String settings = settingsHash(feed);
        if (!settings.equals(p.settingsHash()) || p.accountsHash() == null
                || !(p.rosterMode() == null || "BULK".equals(p.rosterMode()))) {
            return null;
        }
        String accounts = dialect.accountsDigest(feed.districtId());
        if (!accounts.equals(p.accountsHash())) {
            return null;
        }
        runs.recordDigests(runId, settings, accounts);
        return p.runId();
    }

    /**
     * Records what a run applied under, for the next run of the same file: only for large files, and only when
     * the accounts are not already known (a reused plan that changed nothing keeps the digest it started from).
     */
    public void recordApplied(long runId, ImportFeed feed, boolean changedAccounts) {
        RunReads.AppliedFile run = reads.appliedFile(runId);
        if (run.fileSize() == null || run.fileSize() < MIN_BYTES) {
            return;
        }
        if (run.reusedRunId() != null && run.accountsHash() != null && !changedAccounts) {
            return;
        }
        runs.recordDigests(runId, settingsHash(feed), dialect.accountsDigest(feed.districtId()));
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
