package org.rostersync.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rostersync.support.ServerDatabase.accountsFingerprint;
import static org.rostersync.support.ServerDatabase.committedChunks;
import static org.rostersync.support.ServerDatabase.finished;
import static org.rostersync.support.ServerDatabase.query;
import static org.rostersync.support.ServerDatabase.status;
import static org.rostersync.support.ServerDatabase.stepStatus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.ApiClient;
import org.rostersync.support.LargeRosters;
import org.rostersync.support.RestartablePostgres;
import org.rostersync.support.ServerProcess;
import org.rostersync.support.ServerSettings;
import org.rostersync.support.Waiting;

import tools.jackson.databind.JsonNode;

/**
 * The real jar as a child process on a PostgreSQL that the test owns, stopped in the middle of a run: the run ends
 * FAILED saying the database went away, the accounts are as before the run, health says DOWN while the database is
 * gone and the server comes back without a restart of its own, and the next run of the same file gives the accounts
 * of a clean import.
 * <p>
 * The run is caught mid-way by a lock on the table its step is about to write, held by the test, as a DBA's
 * maintenance would; the stop ends that session too. The node's pool gives up on a connection after 3 s instead of
 * HikariCP's 30 s, so that the end of the run meets the outage, as it does with the default when the database is away
 * for a few minutes.
 */
class DatabaseRestartIT {

    private static final int STUDENTS = 50_000;
    /** The students of the file imported before the interrupted one; the interrupted file updates every one. */
    private static final int STUDENTS_BEFORE = 1_000;

    /** How long the database refuses connections in the apply case: as long as a restart that takes its time. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static RestartablePostgres postgres;
    static Path before;
    static Path roster;
    /** The accounts after a clean import of {@link #before}, and of {@link #before} then {@link #roster}. */
    static String expectedBefore;
    static String expectedAfter;

    @BeforeAll
    static void prepare() throws Exception {
        before = dir.resolve("before.csv");
        try (BufferedWriter out = Files.newBufferedWriter(before, StandardCharsets.UTF_8)) {
            out.write("Student ID,First Name,Last Name,Grade\n");
            for (int i = 1; i <= STUDENTS_BEFORE; i++) {
                out.write("S" + i + ",Early" + (char) ('a' + i % 26) + ",Name" + (char) ('a' + i % 7) + ",K\n");
            }
        }
        roster = LargeRosters.students(dir.resolve("central.csv"), STUDENTS);
        postgres = RestartablePostgres.start("database-restart", dir.resolve("pgdata"));

        // the reference: the same two files imported with the database up all along
        String reference = postgres.createDatabase("reference");
        try (ServerProcess server = ServerProcess.start("database-restart-reference",
                settingsFor(reference, "reference"), poolTimeout(30_000))) {
            assertThat(status(reference, importAndWait(server, reference, before))).isEqualTo("COMPLETED");
            expectedBefore = accountsFingerprint(reference);
            assertThat(status(reference, importAndWait(server, reference, roster))).isEqualTo("COMPLETED");
            expectedAfter = accountsFingerprint(reference);
        }
    }

    @AfterEach
    void startPostgresIfStopped() throws IOException {
        postgres.ensureRunning();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDatabaseRestartInTheMiddleOfLoadOrOfApplyFailsTheRunChangesNothingAndTheServerCarriesOn() throws Exception {
        // given: a node whose feed imported a first file
        String url = postgres.createDatabase("restarted");
        try (ServerProcess server = ServerProcess.start("database-restart", settingsFor(url, "restarted"),
                poolTimeout(3_000))) {
            importAndWait(server, url, before);

            // when: the database restarts while a large second file is loading (chunks committed, more to come)
            long duringLoad = upload(server, roster);
            awaitTrue("load step committing chunks", () -> committedChunks(url, duringLoad, "load") >= 2);
            Connection staging = holdWrites(url, "staged_student");
            awaitTrue("load step waiting for staging", () -> waitsFor(url, "staged_student"));
            assertThat(stepStatus(url, duringLoad, "load")).isEqualTo("STARTED");
            postgres.stop(); // which ends the test's session too
            closeQuietly(staging);
            awaitHealth(server, "DOWN");
            postgres.startAgain();

            // then
            thenTheRunFailedAndTheServerRecovered(server, url, duringLoad);

            // when: the database refuses connections for a while as the file is being applied
            Connection accounts = holdWrites(url, "student_account");
            long duringApply = upload(server, roster);
            awaitTrue("apply step waiting for the accounts", () -> waitsFor(url, "student_account"));
            assertThat(stepStatus(url, duringApply, "apply")).isEqualTo("STARTED");
            postgres.stop();
            closeQuietly(accounts);
            Instant stopped = Instant.now();
            awaitHealth(server, "DOWN");
            Waiting.upTo(OUTAGE.plusSeconds(5), "the outage to last " + OUTAGE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Duration.between(stopped, Instant.now()).compareTo(OUTAGE) >= 0);
            postgres.startAgain();

            // then
            thenTheRunFailedAndTheServerRecovered(server, url, duringApply);

            // and the next run of the same feed gives the accounts of a clean import, and health is UP again
            long again = importAndWait(server, url, roster);
            assertThat(status(url, again)).isEqualTo("COMPLETED");
            assertThat(accountsFingerprint(url)).isEqualTo(expectedAfter);
            awaitHealth(server, "UP");
        }
    }

    private static void thenTheRunFailedAndTheServerRecovered(ServerProcess server, String url, long run)
            throws IOException {
        Waiting.upTo(Duration.ofSeconds(150), "run " + run + " to end").pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> finished(url, run));
        assertThat(status(url, run)).isEqualTo("FAILED");
        assertThat(query(url, "SELECT message FROM import_run WHERE id = " + run))
                .contains("connection to the database was lost").contains("nothing was changed");
        assertThat(query(url, "SELECT applied_at FROM import_run WHERE id = " + run)).isNull();
        assertThat(accountsFingerprint(url)).as("the accounts as before the run").isEqualTo(expectedBefore);
        assertThat(query(url, "SELECT COUNT(*) FROM account_event WHERE run_id = " + run)).isEqualTo("0");
        assertThat(query(url, "SELECT COUNT(*) FROM run_block WHERE run_id = " + run)).isEqualTo("0");
        assertThat(query(url, "SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL")).isEqualTo("0");
        assertThat(query(url, "SELECT COUNT(*) FROM staged_student WHERE run_id = " + run))
                .as("what the load step wrote is dropped").isEqualTo("0");
        assertThat(query(url, "SELECT e.status FROM batch_job_execution e JOIN import_run r"
                + " ON r.job_execution_id = e.job_execution_id WHERE r.id = " + run)).isNotIn("STARTED", "STARTING");

        // the node serves again without a restart of its own: health no longer DOWN (DEGRADED: the feed's newest run
        // failed), its database and scheduler UP
        awaitHealth(server, "DEGRADED");
        JsonNode health = ApiClient.as(server.port(), "operator", "operator-secret").get("/actuator/health").json();
        assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/scheduler/status").asString()).isEqualTo("UP");
    }

    private static Path settingsFor(String databaseUrl, String name) throws IOException {
        return ServerSettings.centralUpload(dir.resolve(name + ".yml"), databaseUrl, dir.resolve("data-" + name),
                "restart-secret", """
                    - username: operator
                      password: "{noop}operator-secret"
                      role: OPERATOR
                """);
    }

    /** The argument by which the node's pool gives up on a connection after {@code millis}. */
    private static String poolTimeout(long millis) {
        return "--spring.datasource.hikari.connection-timeout=" + millis;
    }

    private static long upload(ServerProcess server, Path file) throws IOException {
        return server.upload("admin", "restart-secret", "central-upload", "central.csv", file);
    }

    private static long importAndWait(ServerProcess server, String url, Path file) throws IOException {
        long run = upload(server, file);
        awaitTrue("run " + run + " to end", () -> finished(url, run));
        return run;
    }

    /** The anonymous health answer's status, as a load balancer sees it. */
    private static void awaitHealth(ServerProcess server, String status) {
        ApiClient anonymous = ApiClient.anonymous(server.port());
        Waiting.upTo(Duration.ofSeconds(120), "health " + status).pollInterval(Duration.ofMillis(500))
                .until(() -> status.equals(anonymous.get("/actuator/health").json().get("status").asString()));
    }

    /**
     * Holds back every write to {@code table} (reads go on) in a transaction of the test's own, until the returned
     * connection closes or the server stops.
     */
    private static Connection holdWrites(String url, String table) throws SQLException {
        Connection connection = DriverManager.getConnection(url, "postgres", "");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN SHARE MODE");
        }
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException gone) {
            // the server ended the session
        }
    }

    /** Whether a session of the server waits for a lock on {@code table}. */
    private static boolean waitsFor(String url, String table) {
        return !"0".equals(query(url, "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = CAST('"
                + table + "' AS regclass)"));
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        Waiting.upTo(Duration.ofSeconds(120), what).pollInterval(Duration.ofMillis(100))
                .until(condition::getAsBoolean);
    }
}
