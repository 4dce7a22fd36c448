package org.rostersync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * What the tests of a {@link ServerProcess} read from its PostgreSQL database, over a JDBC connection of their own
 * (the server runs in another JVM): a run's status, its Spring Batch steps, the accounts.
 */
public final class ServerDatabase {

    private ServerDatabase() {
    }

    /** A new, empty PostgreSQL database with a random name; its JDBC URL. */
    public static String create() {
        return PostgresTestDatabase.create("rostersync_it_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
    }

    /** The first column of the first row {@code sql} selects, as text; {@code null} if none. */
    public static String query(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The run's status (QUEUED, RUNNING, COMPLETED, ...). */
    public static String status(String url, long runId) {
        return query(url, "SELECT status FROM import_run WHERE id = " + runId);
    }

    /** Whether the run has ended, in whatever status. */
    public static boolean finished(String url, long runId) {
        String status = status(url, runId);
        return !"QUEUED".equals(status) && !"RUNNING".equals(status);
    }

    /** The status of the run's Spring Batch step {@code step}, or {@code null} before it starts. */
    public static String stepStatus(String url, long runId, String step) {
        return query(url, "SELECT s.status FROM batch_step_execution s JOIN import_run r"
                + " ON r.job_execution_id = s.job_execution_id WHERE r.id = " + runId + " AND s.step_name = '" + step
                + "'");
    }

    /** How many chunks the run's step {@code step} has committed while it is STARTED; 0 before or after. */
    public static long committedChunks(String url, long runId, String step) {
        String commits = query(url, "SELECT s.commit_count FROM batch_step_execution s JOIN import_run r"
                + " ON r.job_execution_id = s.job_execution_id WHERE r.id = " + runId + " AND s.step_name = '" + step
                + "' AND s.status = 'STARTED'");
        return commits == null ? 0 : Long.parseLong(commits);
    }

    /** Every account's identity, username, school, status and fields, folded into one hash. */
    public static String accountsFingerprint(String url) {
        return query(url, """
                SELECT md5(string_agg(student_id || '|' || username || '|' || school_id || '|' || status || '|'
                       || first_name || '|' || last_name || '|' || grade || '|' || row_hash, ',' ORDER BY student_id))
                  FROM student_account""");
    }
}
