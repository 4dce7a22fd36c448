package org.rostersync.sync.internal.database;

import org.rostersync.sync.internal.job.LoadedRow;
import org.rostersync.sync.internal.job.ChangeApplier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Date;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.rostersync.roster.RosterRow;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * H2: plain JDBC batches, no statistics to refresh nor dead rows to reclaim, accounts found by {@code IN (...)},
 * durable commits, and a single-process Quartz store.
 */
final class H2Dialect implements DatabaseDialect {

    static final String LONG_LOCK_WAITS = "SET LOCK_TIMEOUT 600000";

    private static final String STAGE = """
            INSERT INTO staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial,
                grade, birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * The highest number of each new student's base, from the username index: H2 evaluated an aggregate over the
     * accounts once per new student when the plan and staging held another run's rows too.
     */
    private static final String CREATE_EACH_BASE = ChangeApplier.CREATE.formatted("""
            (SELECT MAX(t.username_seq) FROM student_account t WHERE t.username_base = s.username_base)""", "");

    private final JdbcTemplate jdbc;

    H2Dialect(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Waits up to 10 minutes for any lock rather than H2's own 2 seconds: writers that hand out usernames take turns
     * on one row lock, and a large apply holds it longer than that, which failed the run of another feed waiting
     * behind it. Ten minutes still ends a wait that nothing would ever end. A lock timeout in the URL, or a
     * {@code connection-init-sql} of the deployment's own, is kept.
     */
    static void prepareSessions(HikariDataSource pool) {
        if (pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:")
                && pool.getConnectionInitSql() == null
                && !pool.getJdbcUrl().toUpperCase(Locale.ROOT).contains("LOCK_TIMEOUT")) {
            pool.setConnectionInitSql(LONG_LOCK_WAITS);
        }
    }

    /** A plain store: H2 is a single-process database. */
    @Override
    public Properties schedulerJobStore() {
        Properties properties = new Properties();
        properties.put("org.quartz.jobStore.driverDelegateClass", StdJDBCDelegate.class.getName());
        properties.put("org.quartz.jobStore.isClustered", "false");
        return properties;
    }

    @Override
    public boolean sharesSchedule() {
        return false;
    }

    @Override
    public void refresh(String table, long rowsWritten) {
        // H2 keeps no statistics worth refreshing
    }

    @Override
    public void refreshStaging(long rowsStaged) {
        // H2 keeps no statistics worth refreshing
    }

    @Override
    public void reclaimStaging(long rowsStaged) {
        // H2 leaves no dead rows to vacuum
    }

    @Override
    public int bulkInsert(long rows, BulkInsert insert, String... tables) {
        return insert.insert(false);
    }

    /** Sums two 32-bit hashes per account. */
    @Override
    public String accountsDigest(String districtId) {
        String row = "CONCAT_WS('|', id, student_id, school_id, status, origin, row_hash, missing_since)";
        String sum = "SUM(CAST(ORA_HASH(" + row + ", 4294967295, 0) AS NUMERIC(40)) * 4294967296 + ORA_HASH(" + row
                + ", 4294967295, 1))";
        return jdbc.queryForObject("SELECT CAST(COUNT(*) AS VARCHAR(20)) || ':' || CAST(COALESCE(" + sum
                + ", 0) AS VARCHAR(60)) FROM student_account WHERE district_id = ?", String.class, districtId);
    }

    @Override
    public void stage(long runId, List<LoadedRow.Accepted> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(STAGE, rows, rows.size(), (ps, a) -> {
            RosterRow r = a.row();
            ps.setLong(1, runId);
            ps.setLong(2, r.lineNumber());
            ps.setString(3, a.schoolId());
            ps.setString(4, r.studentId());
            ps.setString(5, r.firstName());
            ps.setString(6, r.lastName());
            ps.setString(7, r.middleInitial());
            ps.setString(8, r.grade());
            if (r.birthDate() == null) {
                ps.setNull(9, Types.DATE);
            } else {
                ps.setDate(9, Date.valueOf(r.birthDate()));
            }
            ps.setString(10, r.studentEmail());
            ps.setString(11, r.guardianEmail());
            ps.setString(12, r.gender());
            ps.setString(13, r.homeRoom());
            ps.setString(14, r.referenceId());
            ps.setString(15, a.usernameBase());
            ps.setString(16, a.fingerprint());
        });
    }

    /** H2 answers {@code IN (SELECT ...)} by primary key; it compared every account with every element of an array. */
    @Override
    public String fingerprint(List<String> texts) {
        String joined = texts.stream().map(text -> "COALESCE(" + text + ", '')")
                .collect(java.util.stream.Collectors.joining(" || CHAR(31) || "));
        return "LOWER(SUBSTRING(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8(" + joined + "))) FROM 1 FOR 32))";
    }

    @Override
    public String byIds(String idQuery) {
        return "IN (" + idQuery + ")";
    }

    /**
     * H2 has no unnest of a column; a subquery finding the recorded accounts by primary key was evaluated again for
     * each account of the school (1,100 accounts: 11 s), where looking for the id in each chunk's array is not.
     */
    @Override
    public String notRecordedUnchanged(String id) {
        return "NOT EXISTS (SELECT 1 FROM unchanged_chunk u WHERE u.run_id = ? AND " + id + " = ANY(u.account_ids))";
    }

    /** Off: see {@link DatabaseDialect#unchangedRowsUnstagedByDefault}. */
    @Override
    public boolean unchangedRowsUnstagedByDefault() {
        return false;
    }

    @Override
    public String entriesAccounts(String entries) {
        return "";
    }

    @Override
    public int createAccounts(long creates, String district, OffsetDateTime now, long runId, String actor) {
        return jdbc.update(CREATE_EACH_BASE, district, now, now, runId, runId, district);
    }

    private static final String INSERT_ACCOUNT = """
            INSERT INTO student_account (district_id, school_id, student_id, username, username_base, username_seq,
                first_name, last_name, middle_initial, grade, birth_date, email, guardian_email, gender, home_room,
                reference_id, row_hash, origin, status, created_at, updated_at, last_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IMPORT', 'PENDING_ACTIVATION', ?, ?, ?)""";

    /** Rows per JDBC batch of new accounts. */
    private static final int BATCH = 1000;

    /**
     * JDBC batches, the ids left to the identity: H2 does not move an identity past ids inserted explicitly, so the
     * next account made by hand would take one of them. Under the username lock nobody else inserts accounts, so each
     * school's rows get consecutive ids, read back from the school index once its rows are in (and checked).
     */
    @Override
    public List<NewAccounts.Block> writeNewAccounts(long count, String districtId, OffsetDateTime now, long runId,
            NewAccounts accounts) {
        List<NewAccounts.Block> blocks = new java.util.ArrayList<>();
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ACCOUNT);
                    PreparedStatement range = connection.prepareStatement("""
                            SELECT MIN(id), MAX(id), COUNT(*) FROM student_account
                             WHERE district_id = ? AND school_id = ?""")) {
                int[] batched = { 0 };
                long[] ofSchool = { 0 };
                accounts.writeTo(new NewAccounts.Sink() {
                    @Override
                    public void add(NewAccounts.NewAccount a) {
                        try {
                            insert.setString(1, districtId);
                            insert.setString(2, a.schoolId());
                            insert.setString(3, a.studentId());
                            insert.setString(4, a.username());
                            insert.setString(5, a.usernameBase());
                            insert.setInt(6, a.usernameSeq());
                            insert.setString(7, a.firstName());
                            insert.setString(8, a.lastName());
                            insert.setString(9, a.middleInitial());
                            insert.setString(10, a.grade());
                            if (a.birthDate() == null) {
                                insert.setNull(11, Types.DATE);
                            } else {
                                insert.setDate(11, Date.valueOf(a.birthDate()));
                            }
                            insert.setString(12, a.email());
                            insert.setString(13, a.guardianEmail());
                            insert.setString(14, a.gender());
                            insert.setString(15, a.homeRoom());
                            insert.setString(16, a.referenceId());
                            insert.setString(17, a.rowHash());
                            insert.setObject(18, now);
                            insert.setObject(19, now);
                            insert.setLong(20, runId);
                            insert.addBatch();
                            ofSchool[0]++;
                            if (++batched[0] == BATCH) {
                                insert.executeBatch();
                                batched[0] = 0;
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException("insert of new accounts failed: " + e.getMessage(), e);
                        }
                    }

                    @Override
                    public void endSchool(String schoolId) {
                        try {
                            if (batched[0] > 0) {
                                insert.executeBatch();
                                batched[0] = 0;
                            }
                            range.setString(1, districtId);
                            range.setString(2, schoolId);
                            try (ResultSet rs = range.executeQuery()) {
                                rs.next();
                                long first = rs.getLong(1);
                                long last = rs.getLong(2);
                                if (rs.getLong(3) != ofSchool[0] || last - first + 1 != ofSchool[0]) {
                                    throw new IllegalStateException("the new accounts of school " + schoolId
                                            + " did not get consecutive ids");
                                }
                                blocks.add(new NewAccounts.Block(schoolId, first, last));
                            }
                            ofSchool[0] = 0;
                        } catch (SQLException e) {
                            throw new IllegalStateException("insert of new accounts failed: " + e.getMessage(), e);
                        }
                    }
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
        return blocks;
    }

    /** The CREATED events are written by the audit statement. */
    @Override
    public String auditedCreates() {
        return "'CREATE', ";
    }

    @Override
    public void importSession(Connection connection, boolean inRun) {
        // every commit is durable, and H2 compiles no query
    }
}
