package org.rostersync.sync.internal.database;

import org.rostersync.sync.internal.job.LoadedRow;
import org.rostersync.sync.internal.job.ChangeApplier;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.rostersync.account.AccountEventType;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.rostersync.roster.RosterRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * PostgreSQL: the load step stages rows with {@code COPY} (several times faster than JDBC batches), the planner's
 * statistics are refreshed after a run filled a table, accounts are found by {@code id = ANY (ARRAY(...))}, a run's
 * commits skip the WAL flush until its end, and Quartz's store is clustered.
 */
final class PostgresDialect implements DatabaseDialect {

    private static final Logger log = LoggerFactory.getLogger(PostgresDialect.class);

    /** The oldest PostgreSQL with {@code MERGE}. */
    static final int MIN_POSTGRES = 15;

    static final String CUSTOM_PLANS = "SET plan_cache_mode = force_custom_plan";

    static final String ERROR_DETAIL = "logServerErrorDetail";

    /**
     * Staged rows from which a run samples staging's statistics before planning: below it, a plan that believes the
     * run holds one row costs less than the sample (in psql: 0.9 ms for 50 rows, 7 ms for 100, against about 2 ms).
     */
    static final int STAGING_SAMPLED = 50;

    /**
     * The secondary indexes of a table, with the unique constraint each one backs, if any; never the primary key,
     * an index a foreign key relies on, nor a partial index. The partial indexes hold a few rows of a large table
     * (the accounts' {@code missing_since}: only students inside a grace window) and none of the new rows, so
     * inserting costs them nothing, where building one again after the insert reads the whole table.
     */
    private static final String SECONDARY_INDEXES = """
            SELECT CAST(CAST(i.indexrelid AS regclass) AS VARCHAR(200)) AS index_name,
                   pg_get_indexdef(i.indexrelid) AS index_def,
                   c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def
              FROM pg_index i
              LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype = 'u'
             WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisprimary AND i.indpred IS NULL
               AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
             ORDER BY i.indexrelid""";

    private record SecondaryIndex(String indexName, String indexDef, String constraintName, String constraintDef) {

        String drop(String table) {
            return constraintName == null ? "DROP INDEX " + indexName
                    : "ALTER TABLE " + table + " DROP CONSTRAINT " + quoted(constraintName);
        }

        String build(String table) {
            return constraintName == null ? indexDef
                    : "ALTER TABLE " + table + " ADD CONSTRAINT " + quoted(constraintName) + " " + constraintDef;
        }

        private static String quoted(String name) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
    }

    private static final String COPY = """
            COPY staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial, grade,
                birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            FROM STDIN""";

    /**
     * The numbers taken, from one aggregate over the accounts, joined by base; the blank filters the accounts it
     * reads.
     */
    private static final String TAKEN = """

                      LEFT JOIN (SELECT username_base, MAX(username_seq) AS max_seq
                                   FROM student_account%s
                                  GROUP BY username_base) m ON m.username_base = s.username_base""";

    /** Only the accounts holding the run's new bases, so a nightly file with a handful of new students reads few. */
    private static final String CREATE_NEW_BASES = ChangeApplier.CREATE.formatted("m.max_seq", TAKEN.formatted("""

                                  WHERE username_base IN (SELECT b.username_base FROM planned_change d
                                                            JOIN staged_student b
                                                              ON b.run_id = d.run_id AND b.line_no = d.line_no
                                                           WHERE d.run_id = ? AND d.action = 'CREATE')"""));

    /**
     * A district's first import: the accounts table holds fewer rows than the run creates (its indexes are built
     * after the insert), and reading all their numbers is cheaper than joining the plan to staging a second time to
     * find the new bases.
     */
    private static final String CREATE_FIRST_IMPORT = ChangeApplier.CREATE.formatted("m.max_seq", TAKEN.formatted(""));

    /**
     * The order of a district's first import when its indexes are built after it: each school's accounts stored
     * together, so that a school's nightly plan reads a few hundred pages of the table rather than a page per
     * student; the byte order of {@code "C"} sorts faster than the database's collation.
     */
    private static final String BY_SCHOOL = " ORDER BY n.school_id COLLATE \"C\", n.line_no";

    /**
     * The CREATED events, written in the statement that creates the accounts from the ids it returns, in id order:
     * cheaper than joining the plan back to the accounts, and no sort is needed.
     */
    private static final String CREATED_EVENTS = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT id, %s, ?, ?, ?, 'school ' || school_id FROM created""".formatted(AccountEventType.CREATED.sql());

    /**
     * The columns a run's refresh samples, where a table has many that no import statement joins, filters, groups or
     * numbers on: the accounts' names, emails, dates and sign-in columns (25 of 35) are only read and written, and
     * their statistics cost a good part of an {@code ANALYZE} after a district's first import (in psql at 1,020,000
     * accounts: 2.0 s for every column, 1.4 s for these). Autovacuum's own {@code ANALYZE} still refreshes every
     * column for the pages' queries.
     */
    private static final Map<String, String> SAMPLED_COLUMNS = Map.of("student_account", " (id, district_id,"
            + " school_id, student_id, username_base, username_seq, status, origin, missing_since, last_run_id)");

    private final JdbcTemplate jdbc;

    PostgresDialect(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        int major;
        try {
            major = JdbcUtils.extractDatabaseMetaData(jdbc.getDataSource(), meta -> meta.getDatabaseMajorVersion());
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot read the version of the PostgreSQL server", e);
        }
        if (major < MIN_POSTGRES) {
            throw new IllegalStateException("roster-sync needs PostgreSQL " + MIN_POSTGRES + " or later (its"
                    + " imports and reverts use MERGE); spring.datasource.url points at PostgreSQL " + major
                    + ". Upgrade the server or point the URL at a newer one.");
        }
    }

    /**
     * Each statement planned for its own values ({@code plan_cache_mode = force_custom_plan}): the import's statements
     * are prepared once and run for run after run, and a generic plan that knows nothing of {@code run_id = ?} scans
     * the whole plan table for a small run. Errors leave out the values of their row ({@code logServerErrorDetail}),
     * so no Student ID or name reaches the server log. Settings of the deployment's own are kept.
     */
    static void prepareSessions(HikariDataSource pool) {
        if (!pool.getJdbcUrl().contains(ERROR_DETAIL) && !pool.getDataSourceProperties().containsKey(ERROR_DETAIL)) {
            pool.addDataSourceProperty(ERROR_DETAIL, "false");
        }
        if (pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(CUSTOM_PLANS);
        }
    }

    /** Clustered: nodes share the schedule, each firing runs on one node; PostgreSQL's delegate for BYTEA columns. */
    @Override
    public Properties schedulerJobStore() {
        Properties properties = new Properties();
        properties.put("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        properties.put("org.quartz.jobStore.isClustered", "true");
        return properties;
    }

    @Override
    public boolean sharesSchedule() {
        return true;
    }

    /**
     * PostgreSQL would otherwise plan the diff of a large staging table as if it held one row (nested loops,
     * quadratic time); a run that wrote little keeps the old statistics, which only cost a small run an index scan.
     */
    @Override
    public void refresh(String table, long rowsWritten) {
        if (rowsWritten < MANY) {
            return;
        }
        Long estimate = estimatedRows(table);
        if (estimate == null || rowsWritten * 5 > estimate) {
            jdbc.execute("ANALYZE " + table + SAMPLED_COLUMNS.getOrDefault(table, ""));
        }
    }

    /** The planner's estimate of a table's rows (0 for a table never analyzed). */
    private Long estimatedRows(String table) {
        return jdbc.queryForObject(
                "SELECT CAST(GREATEST(reltuples, 0) AS BIGINT) FROM pg_class WHERE oid = CAST(? AS regclass)",
                Long.class, table);
    }

    /**
     * Staging holds only the runs in flight, so whatever its statistics said before is wrong for this run, and a
     * staging table believed empty gets scanned once per account of the school; only the columns the plan joins and
     * filters on are sampled. From {@link #STAGING_SAMPLED} rows, not {@link #MANY}: believing the run's rows to be
     * one, PostgreSQL checked a school file for duplicate Student IDs by grouping the whole run again for each of its
     * rows, 0.86 s for a 995-row file (20,000 students in 20 schools: the plan step of half the school runs took
     * 1–2 s), where the sample costs about 2 ms.
     */
    @Override
    public void refreshStaging(long rowsStaged) {
        if (rowsStaged >= STAGING_SAMPLED) {
            jdbc.execute("ANALYZE staged_student (run_id, line_no, student_id, username_base)");
        }
    }

    /**
     * After a run that staged many rows (and the report step deleted them), or once a few school runs have left
     * enough dead rows behind them, vacuums staging: left to autovacuum, nightly school runs leave dead rows that
     * every later run's lookups, counts and statistics read through. Runs outside any transaction, as VACUUM must,
     * and skips the table rather than wait while another run's plan holds it (that run, or autovacuum, will see to
     * it); this run still holds its feed.
     */
    @Override
    public void reclaimStaging(long rowsStaged) {
        if (rowsStaged < MANY) {
            return;
        }
        try {
            if (rowsStaged >= RECLAIM_AFTER) {
                jdbc.execute("VACUUM (ANALYZE, SKIP_LOCKED) staged_student");
                return;
            }
            Long dead = jdbc.queryForObject(
                    "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = CAST('staged_student' AS regclass)",
                    Long.class);
            if (dead != null && dead >= DEAD_ROWS) {
                jdbc.execute("VACUUM (SKIP_LOCKED) staged_student");
            }
        } catch (DataAccessException e) {
            // only an optimisation: autovacuum will come by; the run must still end and release its feed
            log.warn("Could not vacuum staged_student after a run ({})", e.getMessage());
        }
    }

    /**
     * When a run creates at least {@link #BULK_CREATES} accounts, each of the given tables that holds fewer rows than
     * that (the first import of a district) has its secondary indexes and unique constraints dropped first and built
     * again after, in the same transaction: sorting the keys once is cheaper than inserting them one row at a time
     * into every index. The definitions are read from the catalog, so the migrations stay their only source. The
     * tables are locked for the step; a duplicate still fails the run, when its constraint is built.
     */
    @Override
    public int bulkInsert(long rows, BulkInsert insert, String... tables) {
        if (rows < BULK_CREATES) {
            return insert.insert(false);
        }
        Map<String, List<SecondaryIndex>> rebuilt = new LinkedHashMap<>();
        for (String table : tables) {
            Long estimate = estimatedRows(table);
            if (estimate != null && estimate < rows) {
                jdbc.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                List<SecondaryIndex> indexes = jdbc.query(SECONDARY_INDEXES,
                        (rs, n) -> new SecondaryIndex(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4)), table);
                indexes.forEach(index -> jdbc.execute(index.drop(table)));
                rebuilt.put(table, indexes);
            }
        }
        if (rebuilt.isEmpty()) {
            return insert.insert(false);
        }
        // more work_mem or maintenance_work_mem does not help: it makes PostgreSQL join staging by index lookups
        int written = insert.insert(rebuilt.containsKey(tables[0]));
        rebuilt.forEach((table, indexes) -> indexes.forEach(index -> jdbc.execute(index.build(table))));
        log.info("Built the indexes of {} after inserting {} rows", rebuilt.keySet(), written);
        return written;
    }

    /** Sums a 64-bit hash per account. */
    @Override
    public String accountsDigest(String districtId) {
        String row = "CONCAT_WS('|', id, student_id, school_id, status, origin, row_hash, missing_since)";
        return jdbc.queryForObject("SELECT CAST(COUNT(*) AS VARCHAR(20)) || ':' || CAST(COALESCE("
                + "SUM(hashtextextended(" + row + ", 7))"
                + ", 0) AS VARCHAR(60)) FROM student_account WHERE district_id = ?", String.class, districtId);
    }

    /**
     * With {@code COPY}. The chunk's commit does not wait for its WAL to reach disk ({@link ImportCommits}): a
     * chunk's rows and the step's read count commit together, so a crash loses both or neither and the restarted
     * load reads those records again.
     */
    @Override
    public void stage(long runId, List<LoadedRow.Accepted> rows) {
        if (rows.isEmpty()) {
            return;
        }
        CopyText text = copyText(runId, rows);
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                copy.writeToCopy(text.bytes(), 0, text.length());
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /** The rows in COPY's text format. */
    static CopyText copyText(long runId, List<LoadedRow.Accepted> rows) {
        CopyText out = new CopyText(rows.size() * 192);
        for (LoadedRow.Accepted a : rows) {
            RosterRow r = a.row();
            out.number(runId).number(r.lineNumber()).text(a.schoolId()).text(r.studentId()).text(r.firstName())
                    .text(r.lastName()).text(r.middleInitial()).text(r.grade())
                    .text(r.birthDate() == null ? null : r.birthDate().toString()).text(r.studentEmail())
                    .text(r.guardianEmail()).text(r.gender()).text(r.homeRoom()).text(r.referenceId())
                    .text(a.usernameBase()).text(a.fingerprint()).endRow();
        }
        return out;
    }

    /**
     * The run's ids are collected first and looked up by primary key, where PostgreSQL otherwise chose a merge join
     * that read every account of the deployment for a school file's handful of changes.
     */
    @Override
    public String fingerprint(List<String> texts) {
        String joined = texts.stream().map(text -> "COALESCE(" + text + ", '')")
                .collect(java.util.stream.Collectors.joining(" || CHR(31) || "));
        return "SUBSTRING(ENCODE(SHA256(CONVERT_TO(" + joined + ", 'UTF8')), 'hex') FROM 1 FOR 32)";
    }

    @Override
    public String byIds(String idQuery) {
        return "= ANY (ARRAY(" + idQuery + "))";
    }

    /** The recorded ids, unnested once, hashed: a school's accounts each look theirs up. */
    @Override
    public String notRecordedUnchanged(String id) {
        return id + " NOT IN (SELECT unnest(u.account_ids) FROM unchanged_chunk u WHERE u.run_id = ?)";
    }

    /** Never reads every account to find the entries' ones. */
    @Override
    public String entriesAccounts(String entries) {
        return """

                   AND b.id = ANY (ARRAY(SELECT c.account_id FROM planned_change c WHERE c.run_id = :runId AND %s))"""
                .formatted(entries);
    }

    @Override
    public int createAccounts(long creates, String district, OffsetDateTime now, long runId, String actor) {
        return bulkInsert(creates, bulk -> bulk
                ? jdbc.update("WITH created AS (" + CREATE_FIRST_IMPORT + BY_SCHOOL + " RETURNING id, school_id) "
                        + CREATED_EVENTS, district, now, now, runId, runId, district, now, actor, runId)
                : jdbc.update("WITH created AS (" + CREATE_NEW_BASES + " RETURNING id, school_id) "
                        + CREATED_EVENTS, district, now, now, runId, runId, runId, district, now, actor, runId),
                "student_account", "account_event");
    }

    /**
     * Accounts with their ids, in the order given, straight from the caller; the whole run in one {@code COPY}.
     */
    private static final String COPY_ACCOUNTS = """
            COPY student_account (id, district_id, school_id, student_id, username, username_base, username_seq,
                first_name, last_name, middle_initial, grade, birth_date, email, guardian_email, gender, home_room,
                reference_id, row_hash, origin, status, created_at, updated_at, last_run_id)
            FROM STDIN""";

    /** Bytes of COPY text sent to the server at a time. */
    private static final int COPY_SEND = 1 << 20;

    /**
     * Takes {@code count} ids from the accounts' identity at once: {@code nextval} then {@code setval} past them,
     * safe because every writer of accounts holds the username lock, which the caller does.
     */
    private static final String RESERVE_IDS = """
            SELECT setval(pg_get_serial_sequence('student_account', 'id'),
                          nextval(pg_get_serial_sequence('student_account', 'id')) + ? - 1)""";

    /**
     * One {@code COPY} of the run's accounts, ids supplied, between the index drop and rebuild of {@link #bulkInsert}:
     * no staging, no plan, no sort in the server, and the identity's default never evaluated. Text rows, encoded
     * once by {@link CopyText} as the load step's are.
     */
    @Override
    public List<NewAccounts.Block> writeNewAccounts(long count, String districtId, OffsetDateTime now, long runId,
            NewAccounts accounts) {
        long last = jdbc.queryForObject(RESERVE_IDS, Long.class, count);
        long[] next = { last - count + 1 };
        String at = now.toString();
        List<NewAccounts.Block> blocks = new java.util.ArrayList<>();
        bulkInsert(count, bulk -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ACCOUNTS);
            CopyText text = new CopyText(COPY_SEND + 64 * 1024);
            try {
                long[] schoolFirst = { next[0] };
                accounts.writeTo(new NewAccounts.Sink() {
                    @Override
                    public void add(NewAccounts.NewAccount a) {
                        text.number(next[0]++).text(districtId).text(a.schoolId()).text(a.studentId()).text(a.username())
                                .text(a.usernameBase()).number(a.usernameSeq()).text(a.firstName())
                                .text(a.lastName()).text(a.middleInitial()).text(a.grade())
                                .text(a.birthDate() == null ? null : a.birthDate().toString()).text(a.email())
                                .text(a.guardianEmail()).text(a.gender()).text(a.homeRoom()).text(a.referenceId())
                                .text(a.rowHash()).text("IMPORT").text("PENDING_ACTIVATION").text(at).text(at)
                                .number(runId).endRow();
                        if (text.length() >= COPY_SEND) {
                            send(copy, text);
                        }
                    }

                    @Override
                    public void endSchool(String schoolId) {
                        blocks.add(new NewAccounts.Block(schoolId, schoolFirst[0], next[0] - 1));
                        schoolFirst[0] = next[0];
                    }
                });
                send(copy, text);
                return Math.toIntExact(copy.endCopy());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }), "student_account");
        if (next[0] != last + 1) {
            throw new IllegalStateException("a first import reserved " + count + " account ids and wrote "
                    + (next[0] - (last - count + 1)) + " accounts");
        }
        return blocks;
    }

    private static void send(CopyIn copy, CopyText text) {
        try {
            copy.writeToCopy(text.bytes(), 0, text.length());
        } catch (SQLException e) {
            throw new IllegalStateException("COPY of new accounts failed: " + e.getMessage(), e);
        }
        text.clear();
    }

    /** The CREATED events are written with the accounts. */
    @Override
    public String auditedCreates() {
        return "";
    }

    /**
     * An import run's sessions: {@code synchronous_commit = off} (see {@link ImportCommits}; the durable commit of the
     * run's end waits for every earlier one, as PostgreSQL writes its WAL in order), and no JIT compilation. The
     * import's large statements cost far above {@code jit_above_cost}, so PostgreSQL compiled each of them, at every
     * run, into machine code used once; what they spend is sorting, hashing and writing rows, not evaluating
     * expressions. Pages and other requests keep the server's settings.
     */
    @Override
    public void importSession(Connection connection, boolean inRun) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(inRun ? "SET synchronous_commit TO OFF; SET jit TO OFF"
                    : "RESET synchronous_commit; RESET jit");
        }
    }
}
