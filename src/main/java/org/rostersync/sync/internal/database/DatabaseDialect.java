package org.rostersync.sync.internal.database;

import org.rostersync.sync.internal.job.LoadedRow;
import org.rostersync.sync.internal.job.ChangeApplier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.rostersync.sync.Database;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one place where the job's SQL and sessions differ by database: {@link PostgresDialect} and {@link H2Dialect},
 * one of them chosen once ({@link #of}) from the JDBC URL the application connects to.
 */
public interface DatabaseDialect extends Database {

    /** Rows below which a run never refreshes statistics: small runs plan well on indexes whatever they say. */
    int MANY = 1000;

    /** Dead staging rows after which a run that staged a school's file vacuums staging. */
    int DEAD_ROWS = 20_000;

    /** Staged rows after which a run also refreshes staging's statistics when it vacuums it. */
    int RECLAIM_AFTER = 50_000;

    /**
     * New accounts from which a run builds the secondary indexes of the tables it fills after inserting instead of
     * row by row, for each table that holds fewer rows than the run inserts.
     */
    long BULK_CREATES = 100_000;

    /** The dialect of the database behind a JDBC URL. */
    static DatabaseDialect of(String jdbcUrl, JdbcTemplate jdbc) {
        return postgres(jdbcUrl) ? new PostgresDialect(jdbc) : new H2Dialect(jdbc);
    }

    /** Sets the session settings of a pool's connections, before it opens any, for the database it connects to. */
    static void prepareSessions(HikariDataSource pool) {
        if (postgres(pool.getJdbcUrl())) {
            PostgresDialect.prepareSessions(pool);
        } else {
            H2Dialect.prepareSessions(pool);
        }
    }

    /** The one test of which database the application uses. */
    private static boolean postgres(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * Refreshes a table's planner statistics when a run has just written a large share of it, where the database
     * keeps any.
     */
    void refresh(String table, long rowsWritten);

    /** Refreshes staging's statistics for a run that staged more than a handful of rows, where it keeps any. */
    void refreshStaging(long rowsStaged);

    /** Reclaims staging's dead rows after a run that staged many, where the database leaves them behind. */
    void reclaimStaging(long rowsStaged);

    /**
     * Runs {@code insert}, the statement that writes a run's new accounts, and returns its count; where it pays, the
     * indexes of the given tables are built after it rather than row by row.
     */
    int bulkInsert(long rows, BulkInsert insert, String... tables);

    /**
     * A digest of every column of a district's accounts that the plan reads: equal digests mean the same plan for
     * the same file.
     */
    String accountsDigest(String districtId);

    /**
     * The SQL expression of {@link org.rostersync.roster.RosterRow#fingerprint} over text expressions, in its field
     * order ({@code NULL} counts as empty): the digest of the values an account holds after an apply that kept some of
     * them, equal to the one a complete file with those values stages.
     */
    String fingerprint(List<String> texts);

    /** Writes accepted rows to {@code staged_student} in the current transaction. */
    void stage(long runId, List<LoadedRow.Accepted> rows);

    /**
     * The condition that picks accounts by primary key from the ids a plan query selects ({@code a.id %s}), in the
     * form the database answers by primary key rather than by reading every account.
     */
    String byIds(String idQuery);

    /**
     * The condition that the account id {@code id} is none of those a run's load step recorded unchanged
     * ({@code unchanged_chunk.account_ids}), with the run as its one parameter, in the form the database answers with
     * one look at each account rather than a walk through every recorded id.
     */
    String notRecordedUnchanged(String id);

    /**
     * Narrows accounts {@code b} of plan entries {@code c} (the blank: which entries) to the entries' account ids
     * by primary key, with a {@code :runId} parameter, or nothing where the database finds them so anyway.
     */
    String entriesAccounts(String entries);

    /**
     * Creates the run's planned new accounts (with the parameters of {@link ChangeApplier}) and returns how many; on
     * a database that writes their CREATED events in the same statement, those too (see {@link #auditedCreates}).
     */
    int createAccounts(long creates, String district, OffsetDateTime now, long runId, String actor);

    /**
     * Writes the new accounts of a district's first import in one pass ({@code FirstImport}), {@code count} of them
     * for the run {@code runId} at {@code now}, in the order given, and returns each school's ids. The caller holds
     * the username lock, which every writer of accounts takes, so the ids it hands out are the run's alone; where it
     * pays, the accounts' secondary indexes are built after the rows are in (see {@link #bulkInsert}).
     */
    List<NewAccounts.Block> writeNewAccounts(long count, String districtId, OffsetDateTime now, long runId,
            NewAccounts accounts);

    /** The plan action the audit statement still writes events for after {@link #createAccounts}, with its comma. */
    String auditedCreates();

    /**
     * Gives this connection an import run's session settings (or the server's again): where the database can, its
     * commits skip the flush of the database's log, and its statements are not compiled to machine code.
     */
    void importSession(Connection connection, boolean inRun) throws SQLException;

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
     * Whether a school's runs keep their unchanged rows out of staging when {@code rostersync.import.unchanged-rows-unstaged}
     * is not set: on PostgreSQL it halves a nightly school run; on H2 the school's accounts query and the missing
     * students' check against the recorded ids cost more than staging the rows (benchmark, 100,000 students: 26 ms
     * per nightly school run staged, 380 ms unstaged).
     */
    default boolean unchangedRowsUnstagedByDefault() {
        return true;
    }
}
