package org.rostersync.sync.internal.job;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.rostersync.roster.RowProblem;
import org.rostersync.school.ImportFeed;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A school's nightly file repeats most of its students as they are: such rows are neither staged nor planned row by
 * row. When the load step writes its first chunk, one query reads the school's imported, active, not-missing accounts
 * (their id and fingerprint) into memory; a row whose Student ID is one of them and whose fingerprint is that
 * account's leaves it exactly as it is, whatever the plan's rules (a file lacking a column compares only the fields it
 * has, which are then equal too), and is recorded in {@code unchanged_chunk}: one row per chunk, in the chunk's own
 * transaction, so a restart from the last committed chunk neither loses nor repeats one. Every other row (new,
 * changed, moved, missing until now, rejected, withdrawn) is staged and planned as before. The plan counts the
 * recorded students present ({@link ChangePlanner}), and the run's changes and counts read them as its UNCHANGED
 * entries.
 * <p>
 * Each Student ID may appear once in a file, and the plan rejects the later rows of one staged twice. A later row of
 * a student held here is rejected here instead, with the plan's own message naming the first line, whether either
 * row was staged or not: what a restarted load step already wrote tells it which students it has met.
 * <p>
 * Only a school feed's student runs that anyone could have started this way: a run started by staff who see only some
 * schools checks, at apply, whether a planned student moved out of sight since the plan, which needs the student's
 * staged row. A student recorded here whom another feed's run changes before this run applies is left as that run
 * left them (today's path would have compared the row again when it planned); the feed's next run compares again.
 * Small files (their first chunk below {@link #MIN_ROWS} rows) and schools of more than
 * {@code rostersync.import.max-school-accounts} accounts stage every row: the first cost more to read than to stage,
 * the second would not fit in a bounded memory.
 */
final class UnchangedRows {

    /** A first chunk smaller than this is the whole file: staging its rows costs less than reading the school. */
    static final int MIN_ROWS = 100;

    private static final String SCHOOL_ACCOUNTS = """
            SELECT id, student_id, row_hash FROM student_account
             WHERE school_id = ? AND district_id = ? AND origin = 'IMPORT' AND status <> 'DEACTIVATED'
               AND missing_since IS NULL
             FETCH FIRST %d ROWS ONLY""";

    private static final String RECORD = """
            INSERT INTO unchanged_chunk (run_id, first_line, school_id, account_ids, line_nos, row_count)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /** An account a row may leave as it is, and the line of the file's first good row for it (0: none yet). */
    private static final class Known {

        final long id;
        final long hashHigh;
        final long hashLow;
        long firstLine;

        Known(long id, long hashHigh, long hashLow) {
            this.id = id;
            this.hashHigh = hashHigh;
            this.hashLow = hashLow;
        }

        boolean sameFingerprint(String fingerprint) {
            return fingerprint.length() == 32 && HexFormat.fromHexDigitsToLong(fingerprint, 0, 16) == hashHigh
                    && HexFormat.fromHexDigitsToLong(fingerprint, 16, 32) == hashLow;
        }
    }

    private final JdbcTemplate jdbc;
    private final ImportFeed feed;
    private final long runId;
    private final boolean eligible;
    private final int maxAccounts;
    private final int minRows;
    /** The school's accounts by Student ID once decided; empty: every row is staged. */
    private Map<String, Known> accounts;

    /**
     * @param eligible  the run is a school feed's student run, started by someone who sees the whole district, with
     *                  {@code rostersync.import.unchanged-rows-unstaged} on
     * @param chunkSize the load step's rows per chunk: a first chunk that size is not the whole file
     */
    UnchangedRows(JdbcTemplate jdbc, ImportFeed feed, long runId, boolean eligible, int maxAccounts, int chunkSize) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.runId = runId;
        this.eligible = eligible && feed.schoolId() != null;
        this.maxAccounts = maxAccounts;
        this.minRows = Math.min(MIN_ROWS, chunkSize);
    }

    /**
     * The chunk's rows with those that change nothing as {@link LoadedRow.Unchanged}, and the later rows of a student
     * held here as rejected; the others as they came.
     */
    List<? extends LoadedRow> sort(List<? extends LoadedRow> chunk) {
        if (accounts == null) {
            accounts = decide(chunk.size());
        }
        if (accounts.isEmpty()) {
            return chunk;
        }
        List<LoadedRow> sorted = new ArrayList<>(chunk.size());
        for (LoadedRow row : chunk) {
            Known known = row instanceof LoadedRow.Accepted a ? accounts.get(a.row().studentId()) : null;
            if (known == null) {
                sorted.add(row);
                continue;
            }
            LoadedRow.Accepted accepted = (LoadedRow.Accepted) row;
            long line = accepted.row().lineNumber();
            if (known.firstLine != 0) {
                sorted.add(duplicate(accepted, known.firstLine));
            } else {
                known.firstLine = line;
                sorted.add(known.sameFingerprint(accepted.fingerprint())
                        ? new LoadedRow.Unchanged(line, known.id, accepted.possibleIds()) : accepted);
            }
        }
        return sorted;
    }

    /** Records the chunk's unchanged rows, in the chunk's transaction. */
    void record(List<LoadedRow.Unchanged> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Long[] ids = new Long[rows.size()];
        Long[] lines = new Long[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).accountId();
            lines[i] = rows.get(i).lineNumber();
        }
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(RECORD);
            insert.setLong(1, runId);
            insert.setLong(2, lines[0]);
            insert.setString(3, feed.schoolId());
            insert.setArray(4, connection.createArrayOf("bigint", ids));
            insert.setArray(5, connection.createArrayOf("bigint", lines));
            insert.setInt(6, ids.length);
            return insert;
        });
    }

    /** The plan's own rejection of a Student ID's later rows (see {@link ChangePlanner}'s duplicate check). */
    private static LoadedRow.Rejected duplicate(LoadedRow.Accepted row, long firstLine) {
        String id = row.row().studentId();
        return new LoadedRow.Rejected(List.of(new RowProblem(row.row().lineNumber(), "Student ID", "Student ID '" + id
                + "' already appears on line " + firstLine + "; each student may appear only once in a file")), id,
                row.possibleIds());
    }

    /**
     * The school's accounts, or none when the run stages every row. A restarted load step that recorded rows before
     * goes on as it began, whatever the size of the chunk it starts with, and first learns which students it met.
     */
    private Map<String, Known> decide(int firstChunk) {
        if (!eligible) {
            return Map.of();
        }
        boolean restarted = jdbc.queryForObject("SELECT COUNT(*) FROM unchanged_chunk WHERE run_id = ?",
                Long.class, runId) > 0;
        if (firstChunk < minRows && !restarted) {
            return Map.of();
        }
        Map<String, Known> known = new HashMap<>();
        jdbc.query(SCHOOL_ACCOUNTS.formatted(maxAccounts + 1), rs -> {
            String hash = rs.getString(3);
            if (hash != null && hash.length() == 32) {
                known.put(rs.getString(2), new Known(rs.getLong(1), HexFormat.fromHexDigitsToLong(hash, 0, 16),
                        HexFormat.fromHexDigitsToLong(hash, 16, 32)));
            }
        }, feed.schoolId(), feed.districtId());
        if (known.size() > maxAccounts && !restarted) {
            return Map.of();
        }
        if (restarted) {
            met(known);
        }
        return known;
    }

    /** Marks the students whose rows a load step of this run committed before, with the line of their first row. */
    private void met(Map<String, Known> known) {
        Map<Long, Known> byId = new HashMap<>();
        known.values().forEach(account -> byId.put(account.id, account));
        jdbc.query("SELECT account_ids, line_nos FROM unchanged_chunk WHERE run_id = ?", rs -> {
            Object[] ids = elements(rs.getArray(1));
            Object[] lines = elements(rs.getArray(2));
            for (int i = 0; i < ids.length; i++) {
                Known account = byId.get(((Number) ids[i]).longValue());
                if (account != null) {
                    account.firstLine = first(account.firstLine, ((Number) lines[i]).longValue());
                }
            }
        }, runId);
        jdbc.query("SELECT student_id, MIN(line_no) FROM staged_student WHERE run_id = ? GROUP BY student_id", rs -> {
            Known account = known.get(rs.getString(1));
            if (account != null) {
                account.firstLine = first(account.firstLine, rs.getLong(2));
            }
        }, runId);
    }

    private static long first(long line, long other) {
        return line == 0 ? other : Math.min(line, other);
    }

    private static Object[] elements(Array array) throws SQLException {
        try {
            return (Object[]) array.getArray();
        } finally {
            array.free();
        }
    }
}
