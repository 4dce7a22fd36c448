package org.rostersync.sync.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.List;
import java.util.Locale;

import org.postgresql.PGConnection;
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

    /** Staged rows after which a run vacuums staging when it ends. */
    static final int RECLAIM_AFTER = 50_000;

    private static final String STAGE = """
            INSERT INTO staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial,
                grade, birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String COPY = """
            COPY staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial, grade,
                birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            FROM STDIN""";

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    DatabaseDialect(JdbcTemplate jdbc) throws MetaDataAccessException {
        this.jdbc = jdbc;
        String product = JdbcUtils.extractDatabaseMetaData(jdbc.getDataSource(),
                DatabaseMetaData::getDatabaseProductName);
        this.postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
    }

    /**
     * Refreshes a table's planner statistics when a run has just written a large share of it. PostgreSQL would
     * otherwise plan the diff of a 100,000-row staging table as if it held one row (nested loops, quadratic time);
     * a run that wrote little keeps the old statistics, which only cost a small run an index scan.
     * {@code Long.MAX_VALUE} rows: always.
     */
    public void refresh(String table, long rowsWritten) {
        if (!postgres || rowsWritten < MANY) {
            return;
        }
        if (rowsWritten == Long.MAX_VALUE) {
            jdbc.execute("ANALYZE " + table);
            return;
        }
        Long estimate = jdbc.queryForObject(
                "SELECT CAST(GREATEST(reltuples, 0) AS BIGINT) FROM pg_class WHERE oid = CAST(? AS regclass)",
                Long.class, table);
        if (estimate == null || rowsWritten * 5 > estimate) {
            jdbc.execute("ANALYZE " + table);
        }
    }

    /**
     * After a run that staged many rows (and the report step deleted them), vacuums staging at once on PostgreSQL:
     * otherwise every small run's statistics refresh reads the large run's dead pages until autovacuum comes by.
     * Runs outside any transaction, as VACUUM must.
     */
    void reclaimStaging(long rowsStaged) {
        if (postgres && rowsStaged >= RECLAIM_AFTER) {
            try {
                jdbc.execute("VACUUM (ANALYZE) staged_student");
            } catch (DataAccessException e) {
                // only an optimisation: autovacuum will come by; the run must still end and release its feed
                log.warn("Could not vacuum staged_student after a large run ({})", e.getMessage());
            }
        }
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

    /** Writes accepted rows to {@code staged_student} in the current transaction. */
    void stage(long runId, List<LoadedRow.Accepted> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (postgres) {
            byte[] text = copyText(runId, rows);
            jdbc.execute((ConnectionCallback<Long>) connection -> {
                try {
                    return connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn(COPY, new ByteArrayInputStream(text));
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into staged_student failed", e);
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

    /** The rows in COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
    static byte[] copyText(long runId, List<LoadedRow.Accepted> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 200);
        for (LoadedRow.Accepted a : rows) {
            RosterRow r = a.row();
            out.append(runId).append('\t').append(r.lineNumber());
            field(out, a.schoolId());
            field(out, r.studentId());
            field(out, r.firstName());
            field(out, r.lastName());
            field(out, r.middleInitial());
            field(out, r.grade());
            field(out, r.birthDate() == null ? null : r.birthDate().toString());
            field(out, r.studentEmail());
            field(out, r.guardianEmail());
            field(out, r.gender());
            field(out, r.homeRoom());
            field(out, r.referenceId());
            field(out, a.usernameBase());
            field(out, a.fingerprint());
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
            return;
        }
        int i = 0;
        while (i < value.length() && value.charAt(i) != '\\' && value.charAt(i) >= ' ') {
            i++;
        }
        if (i == value.length()) {
            out.append(value);
            return;
        }
        for (i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
