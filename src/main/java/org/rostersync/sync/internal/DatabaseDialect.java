package org.rostersync.sync.internal;

import java.sql.Date;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.rostersync.roster.RosterRow;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The one place where the job's SQL differs by database. On PostgreSQL the load step stages rows with {@code COPY}
 * (several times faster than JDBC batches) and the planner's statistics are refreshed after a run filled a table;
 * H2 gets plain JDBC batches and has no statistics to refresh.
 */
@Component
public class DatabaseDialect {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDialect.class);

    /** Rows below which a run never refreshes statistics: small runs plan well on indexes whatever they say. */
    static final int MANY = 1000;

    /** Dead staging rows after which a run that staged a school's file vacuums staging. */
    static final int DEAD_ROWS = 20_000;

    /** Staged rows after which a run also refreshes staging's statistics when it vacuums it. */
    static final int RECLAIM_AFTER = 50_000;

    /**
     * New accounts from which a run builds the secondary indexes of the tables it fills after inserting instead of
     * row by row, for each table that holds fewer rows than the run inserts.
     */
    static final long BULK_CREATES = 100_000;

    /**
     * The secondary indexes of a table, with the unique constraint each one backs, if any; never the primary key
     * nor an index a foreign key relies on.
     */
    private static final String SECONDARY_INDEXES = """
            SELECT CAST(CAST(i.indexrelid AS regclass) AS VARCHAR(200)) AS index_name,
                   pg_get_indexdef(i.indexrelid) AS index_def,
                   c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def
              FROM pg_index i
              LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype = 'u'
             WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisprimary
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

    private static final String STAGE = """
            INSERT INTO staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial,
                grade, birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String COPY = """
            COPY staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial, grade,
                birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            FROM STDIN""";

    /** The oldest PostgreSQL with {@code MERGE}. */
    static final int MIN_POSTGRES = 15;

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    DatabaseDialect(JdbcTemplate jdbc) throws MetaDataAccessException {
        this.jdbc = jdbc;
        // product and major version, read from one connection: "PostgreSQL 15"
        String product = JdbcUtils.extractDatabaseMetaData(jdbc.getDataSource(),
                meta -> meta.getDatabaseProductName() + " " + meta.getDatabaseMajorVersion());
        this.postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
        if (postgres) {
            int major = Integer.parseInt(product.substring(product.lastIndexOf(' ') + 1));
            if (major < MIN_POSTGRES) {
                throw new IllegalStateException("roster-sync needs PostgreSQL " + MIN_POSTGRES + " or later (its"
                        + " imports and reverts use MERGE); spring.datasource.url points at PostgreSQL " + major
                        + ". Upgrade the server or point the URL at a newer one.");
            }
        }
    }

    /** Whether the database is PostgreSQL (otherwise H2). */
    boolean postgres() {
        return postgres;
    }

    /**
     * Refreshes a table's planner statistics when a run has just written a large share of it. PostgreSQL would
     * otherwise plan the diff of a 100,000-row staging table as if it held one row (nested loops, quadratic time);
     * a run that wrote little keeps the old statistics, which only cost a small run an index scan.
     */
    public void refresh(String table, long rowsWritten) {
        if (!postgres || rowsWritten < MANY) {
            return;
        }
        Long estimate = estimatedRows(table);
        if (estimate == null || rowsWritten * 5 > estimate) {
            jdbc.execute("ANALYZE " + table);
        }
    }

    /** The planner's estimate of a table's rows (0 for a table never analyzed). */
    private Long estimatedRows(String table) {
        return jdbc.queryForObject(
                "SELECT CAST(GREATEST(reltuples, 0) AS BIGINT) FROM pg_class WHERE oid = CAST(? AS regclass)",
                Long.class, table);
    }

    /**
     * Refreshes staging's statistics for a run that staged more than a handful of rows: the table holds only the runs
     * in flight, so whatever it said before is wrong for this run, and a staging table believed empty gets scanned
     * once per account of the school (an anti-join of 2,000 accounts took 146 ms instead of 4). Only the columns the
     * plan joins and filters on are sampled: 2 ms instead of 7 for a school's file.
     */
    void refreshStaging(long rowsStaged) {
        if (postgres && rowsStaged >= MANY) {
            jdbc.execute("ANALYZE staged_student (run_id, line_no, student_id, username_base)");
        }
    }

    /**
     * After a run that staged many rows (and the report step deleted them), or once a few school runs have left
     * enough dead rows behind them, vacuums staging on PostgreSQL. Left to autovacuum, 500 nightly school runs left a
     * million dead rows, and every later run's lookups, counts and statistics read through them (a 2,000-row run's
     * staging statements went from about 1 ms to 15-26 ms each); vacuuming after every run cost 20 ms a run. Runs
     * outside any transaction, as VACUUM must, and skips the table rather than wait while another run's plan holds
     * it (that run, or autovacuum, will see to it); this run still holds its feed.
     */
    void reclaimStaging(long rowsStaged) {
        if (!postgres || rowsStaged < MANY) {
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
     * Runs {@code insert}, the statement that writes a run's new accounts (and, on PostgreSQL, their CREATED events),
     * and returns its count. When a run creates at least {@link #BULK_CREATES} accounts on PostgreSQL, each of the
     * given tables that holds fewer rows than that (the first import of a district) has its secondary indexes and
     * unique constraints dropped first and built again after, in the same transaction: sorting a million keys once
     * is several times cheaper than inserting them one row at a time into seven indexes. The definitions are read
     * from the catalog, so the migrations stay their only source. The tables are locked for the step; a duplicate
     * still fails the run, when its constraint is built.
     */
    int bulkInsert(long rows, BulkInsert insert, String... tables) {
        if (!postgres || rows < BULK_CREATES) {
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
        // more work_mem or maintenance_work_mem did not help: 256 MB made PostgreSQL join staging by index lookups
        // (+15 s at a million rows) and built the indexes no faster
        int written = insert.insert(rebuilt.containsKey(tables[0]));
        rebuilt.forEach((table, indexes) -> indexes.forEach(index -> jdbc.execute(index.build(table))));
        log.info("Built the indexes of {} after inserting {} rows", rebuilt.keySet(), written);
        return written;
    }

    /** The insert {@link #bulkInsert} runs. */
    @FunctionalInterface
    interface BulkInsert {

        /**
         * @param indexesBuiltAfter whether the first table's secondary indexes are built after it (it holds fewer
         *                          rows than the insert writes): the rows may then go in whatever order the nightly
         *                          reads want, at no cost to the indexes
         * @return the rows inserted
         */
        int insert(boolean indexesBuiltAfter);
    }

    /**
     * A digest of every column of a district's accounts that the plan reads: equal digests mean the same plan for
     * the same file. PostgreSQL sums a 64-bit hash per account; H2 two 32-bit ones.
     */
    String accountsDigest(String districtId) {
        String row = "CONCAT_WS('|', id, student_id, school_id, status, origin, row_hash, missing_since)";
        String sum = postgres ? "SUM(hashtextextended(" + row + ", 7))"
                : "SUM(CAST(ORA_HASH(" + row + ", 4294967295, 0) AS NUMERIC(40)) * 4294967296 + ORA_HASH(" + row
                        + ", 4294967295, 1))";
        return jdbc.queryForObject("SELECT CAST(COUNT(*) AS VARCHAR(20)) || ':' || CAST(COALESCE(" + sum
                + ", 0) AS VARCHAR(60)) FROM student_account WHERE district_id = ?", String.class, districtId);
    }

    /**
     * Writes accepted rows to {@code staged_student} in the current transaction. On PostgreSQL the chunk's commit does
     * not wait for its WAL to reach disk ({@link ImportCommits}): a chunk's rows and the step's read count commit
     * together, so a crash loses both or neither and the restarted load reads those records again.
     */
    void stage(long runId, List<LoadedRow.Accepted> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (postgres) {
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
}
