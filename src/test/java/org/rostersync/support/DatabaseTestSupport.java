package org.rostersync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shared by the tests that run against a database (H2 and PostgreSQL alike): a clean slate per test, imports that
 * wait for their run to end, and a look at the accounts.
 */
public abstract class DatabaseTestSupport {

    @Autowired
    protected ImportRuns importRuns;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MutableClock clock;

    @BeforeEach
    protected void cleanDatabase() {
        for (String table : new String[] { "account_event", "run_block", "planned_change", "rejected_row", "staged_student",
                "student_account", "import_run", "run_column", "withdrawn_student", "account_snapshot",
                "login_failure", "kept_student", "staff_login_failure", "staff_sign_in", "staff_event",
                "staff_account", "unchanged_chunk" }) {
            jdbc.update("DELETE FROM " + table);
        }
        jdbc.update("UPDATE feed_state SET active_run_id = NULL, skipped_firing_at = NULL, skipped_for_run_id = NULL");
        jdbc.update("UPDATE housekeeping SET claimed_at = NULL");
        clock.set(Instant.parse("2026-09-01T07:00:00Z"));
    }

    /** Uploads a roster through a feed and waits for the run to end. */
    protected ImportRun importFile(String feedId, String csv) {
        return importFile(feedId, csv.getBytes(StandardCharsets.UTF_8), false, false);
    }

    protected ImportRun importFile(String feedId, byte[] content, boolean dryRun, boolean force) {
        try {
            long runId = importRuns.upload(feedId, new ByteArrayInputStream(content), "test", dryRun, force);
            return awaitRun(runId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected ImportRun awaitRun(long runId) {
        // the run's status and its feed's release are one transaction; checking both costs nothing
        return Waiting.upTo(Duration.ofSeconds(60), "run " + runId + " to finish").until(
                () -> importRuns.find(runId).orElseThrow(), run -> run.status().finished() && jdbc.queryForObject(
                        "SELECT COUNT(*) FROM feed_state WHERE active_run_id = ?", Integer.class, runId) == 0);
    }

    /**
     * Puts a finished run's Spring Batch job execution and the step that read its file (load, or a district's first
     * import in one pass) back to STARTED and has the feed {@code feedId} claimed by it, as a node that died in that
     * step leaves them; the caller sets the run's own row.
     */
    protected void leaveInLoadStep(long runId, String feedId) {
        jdbc.update("""
                UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN', END_TIME = NULL
                 WHERE JOB_EXECUTION_ID = (SELECT job_execution_id FROM import_run WHERE id = ?)""", runId);
        jdbc.update("""
                UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL
                 WHERE JOB_EXECUTION_ID = (SELECT job_execution_id FROM import_run WHERE id = ?)
                   AND STEP_NAME IN ('load', 'onePass')""", runId);
        jdbc.update("UPDATE feed_state SET active_run_id = ? WHERE feed_id = ?", runId, feedId);
    }

    /** Work done on a connection of its own, as another writer of the database would. */
    @FunctionalInterface
    protected interface OtherWriter {

        void work(java.sql.Statement statement) throws Exception;
    }

    /**
     * Does {@code work} as another writer: on a connection of its own, in one transaction that is committed after it,
     * so the locks it takes are held until {@code work} returns.
     */
    protected void asAnotherWriter(OtherWriter work) throws Exception {
        try (java.sql.Connection other = jdbc.getDataSource().getConnection()) {
            other.setAutoCommit(false);
            try (java.sql.Statement statement = other.createStatement()) {
                work.work(statement);
            }
            other.commit();
        }
    }

    /**
     * Waits until a session runs a statement starting with {@code statement} and waits for a lock that another
     * connection holds (the scheduler's own lock waits do not count).
     */
    protected void awaitBlockedSession(String statement) throws java.sql.SQLException {
        awaitBlockedSessions(statement, 1);
    }

    /** Waits until {@code sessions} sessions run a statement starting with {@code statement}, each waiting for a lock. */
    protected void awaitBlockedSessions(String statement, int sessions) throws java.sql.SQLException {
        String sql;
        try (var connection = jdbc.getDataSource().getConnection()) {
            sql = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                    ? """
                      SELECT COUNT(*) FROM pg_stat_activity
                       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?"""
                    : """
                      SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS
                       WHERE BLOCKER_ID IS NOT NULL AND EXECUTING_STATEMENT LIKE ?""";
        }
        await(sessions + " session(s) running " + statement + "… to wait for a lock", Duration.ofSeconds(30),
                () -> jdbc.queryForObject(sql, Integer.class, statement + "%") >= sessions);
    }

    protected static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) {
        Waiting.upTo(timeout, what).until(done::getAsBoolean);
    }

    /** One account's columns by Student ID, within the springfield district unless given. */
    protected Map<String, Object> account(String studentId) {
        return account("springfield", studentId);
    }

    protected Map<String, Object> account(String districtId, String studentId) {
        var rows = jdbc.queryForList("SELECT * FROM student_account WHERE district_id = ? AND student_id = ?",
                districtId, studentId);
        assertThat(rows).as("account %s/%s", districtId, studentId).hasSize(1);
        Map<String, Object> row = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        row.putAll(rows.get(0));
        return row;
    }

    protected int accountCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM student_account", Integer.class);
    }
}
