package org.rostersync.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.ApiClient;
import org.rostersync.support.PostgresTestDatabase;
import org.rostersync.support.ServerProcess;

/**
 * The real jar as a child process on PostgreSQL, stopped and killed in the middle of a run: after a restart the
 * run is shown as failed, the feed is free, and a new run of the same file gives the accounts of a clean run.
 */
class CrashSafetyIT {

    private static final int STUDENTS = 120_000;

    @TempDir
    static Path dir;

    static Path settings;
    static Path roster;
    static String url;

    @BeforeAll
    static void prepare() throws IOException {
        url = PostgresTestDatabase.create("rostersync_it_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
        settings = dir.resolve("application.yml");
        Files.writeString(settings, """
                spring:
                  datasource:
                    url: %s
                    username: postgres
                    password: ""
                rostersync:
                  data-dir: %s
                  chunk-size: 500
                  districts:
                    - id: metro
                      schools:
                        - id: central
                          reference-id: "1"
                  feeds:
                    - id: central-upload
                      scope: SCHOOL
                      school: central
                      source: UPLOAD
                      schedule: ONE_TIME
                  staff:
                    - username: admin
                      password: "{noop}crash-secret"
                      role: DISTRICT_ADMIN
                      district: metro
                """.formatted(url, dir.resolve("data")));
        roster = dir.resolve("central.csv");
        try (BufferedWriter out = Files.newBufferedWriter(roster, StandardCharsets.UTF_8)) {
            out.write("Student ID,First Name,Last Name,Grade\n");
            for (int i = 1; i <= STUDENTS; i++) {
                out.write("S" + i + ",First" + (i % 997) + ",Last" + i + "," + (1 + i % 12) + "\n");
            }
        }
    }

    @Test
    void sigtermDuringLoadStopsCleanlyAndTheNextRunCompletes() throws Exception {
        long runId;
        try (ServerProcess server = ServerProcess.start("sigterm", settings)) {
            // given: a large first import, caught in the middle of its load step
            runId = upload(server);
            awaitTrue("load step committing chunks", () -> loadCommits(runId) >= 2);

            // when
            Duration stopped = server.terminate(Duration.ofSeconds(60));

            // then
            assertThat(stopped).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(query("SELECT status FROM import_run WHERE id = " + runId)).isEqualTo("FAILED");
        assertThat(query("SELECT message FROM import_run WHERE id = " + runId)).contains("Stopped cleanly")
                .contains("nothing was applied");
        assertThat(query("SELECT s.status FROM batch_step_execution s JOIN import_run r"
                + " ON r.job_execution_id = s.job_execution_id WHERE r.id = " + runId + " AND s.step_name = 'load'"))
                .isEqualTo("STOPPED");
        assertThat(query("SELECT COUNT(*) FROM student_account")).isEqualTo("0");
        assertThat(query("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL")).isEqualTo("0");

        // when: the node comes back and the file is imported again
        try (ServerProcess server = ServerProcess.start("sigterm-restart", settings)) {
            long again = upload(server);
            awaitTrue("second run finished", () -> finished(again));

            // then
            assertThat(query("SELECT status FROM import_run WHERE id = " + again)).isEqualTo("COMPLETED");
            assertThat(query("SELECT COUNT(*) FROM student_account")).isEqualTo(String.valueOf(STUDENTS));
            assertThat(query("SELECT COUNT(DISTINCT username) FROM student_account"))
                    .isEqualTo(String.valueOf(STUDENTS));
        }
    }

    private static long upload(ServerProcess server) throws IOException {
        ApiClient admin = ApiClient.as(server.port(), "admin", "crash-secret");
        ApiClient.Response response = admin.upload("/api/feeds/central-upload/uploads", "central.csv",
                Files.readAllBytes(roster));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().get("runId").asLong();
    }

    private static long loadCommits(long runId) {
        String commits = query("SELECT s.commit_count FROM batch_step_execution s JOIN import_run r"
                + " ON r.job_execution_id = s.job_execution_id WHERE r.id = " + runId + " AND s.step_name = 'load'"
                + " AND s.status = 'STARTED'");
        return commits == null ? 0 : Long.parseLong(commits);
    }

    private static boolean finished(long runId) {
        String status = query("SELECT status FROM import_run WHERE id = " + runId);
        return !"QUEUED".equals(status) && !"RUNNING".equals(status);
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static String query(String sql) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
