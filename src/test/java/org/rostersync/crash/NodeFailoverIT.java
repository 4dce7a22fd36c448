package org.rostersync.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rostersync.support.ServerDatabase.committedChunks;
import static org.rostersync.support.ServerDatabase.finished;
import static org.rostersync.support.ServerDatabase.stepStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.ServerDatabase;
import org.rostersync.support.ServerProcess;
import org.rostersync.support.ServerSettings;
import org.rostersync.support.TestSftpServer;
import org.rostersync.support.Waiting;

/**
 * Two nodes of the real jar on one PostgreSQL database, each with a data-dir of its own, pulling their feeds' files
 * from a real SFTP server. The node running two 200,000-row imports is killed (SIGKILL) while one is in the middle
 * of its load step and the other in the middle of its apply step: the other node restarts each run where it stopped
 * (the same run, COMPLETED), and the accounts are those of a clean import of the same files. One kill for both
 * cases keeps the test to three server starts.
 */
class NodeFailoverIT {

    private static final int STUDENTS = 200_000;

    @TempDir
    static Path dir;

    static String url;

    @BeforeAll
    static void serveTheFiles() throws IOException {
        TestSftpServer.start();
        // two schools' files whose usernames cannot collide (other last names), so each school's accounts are the
        // same whichever file is imported first
        write(TestSftpServer.ROOT.resolve("failover-central.csv"), "C", "Last");
        write(TestSftpServer.ROOT.resolve("failover-east.csv"), "E", "Other");
    }

    /** A few hundred distinct names, so usernames collide and get numbers, as in a real district. */
    private static void write(Path file, String idPrefix, String lastName) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder(STUDENTS * 32).append("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= STUDENTS; i++) {
            text.append(idPrefix).append(i).append(",First").append((char) ('a' + i % 26)).append(',')
                    .append(lastName).append((char) ('a' + i % 17)).append(',').append(1 + i % 12).append('\n');
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aNodeKilledInTheMiddleOfLoadAndOfApplyHasBothRunsFinishedByTheOtherNode() throws Exception {
        // given: a clean import of both files, as the reference
        String reference = ServerDatabase.create();
        try (ServerProcess server = ServerProcess.start("failover-reference", settings(reference, "reference"))) {
            long central = pull(server, "central-sftp");
            long east = pull(server, "east-sftp");
            awaitTrue("the reference runs to finish", () -> finished(reference, central) && finished(reference, east));
            assertThat(ServerDatabase.status(reference, east)).isEqualTo("COMPLETED");
        }
        String expectedCentral = accountsFingerprint(reference, "central");
        String expectedEast = accountsFingerprint(reference, "east");

        url = ServerDatabase.create();
        Path settings = settings(url, "cluster");
        try (ServerProcess a = node("a", settings); ServerProcess b = node("b", settings)) {
            // when: node a, running both feeds, is killed while it applies the east file and loads the central one
            long duringApply = pull(a, "east-sftp");
            awaitTrue("the east run to plan", () -> stepStatus(url, duringApply, "plan") != null);
            long duringLoad = pull(a, "central-sftp");
            awaitTrue("the east run to apply while the central run loads", () -> "STARTED".equals(
                    stepStatus(url, duringApply, "apply")) && committedChunks(url, duringLoad, "load") >= 1);
            a.kill();

            // then: node b restarts both runs where they stopped and finishes them
            awaitTrue("node b to finish runs " + duringLoad + " and " + duringApply,
                    () -> finished(url, duringLoad) && finished(url, duringApply));
            assertFinishedByTheOtherNode(duringApply, "node-b", "at its apply step, which had applied nothing");
            assertFinishedByTheOtherNode(duringLoad, "node-b", "at its load step, after the");
            assertThat(query("SELECT message FROM import_run WHERE id = " + duringLoad))
                    .contains("with the file fetched again, the same by its SHA-256");
            long readOnB = Long.parseLong(query("SELECT s.read_count FROM batch_step_execution s"
                    + " JOIN import_run r ON r.job_execution_id = s.job_execution_id"
                    + " WHERE r.id = " + duringLoad + " AND s.step_name = 'load'"));
            assertThat(readOnB).as("records the restarted load step read: those after the last committed chunk")
                    .isPositive().isLessThan(STUDENTS);
            assertThat(query("SELECT file_path FROM import_run WHERE id = " + duringLoad))
                    .as("the file node b fetched again").startsWith(dir.resolve("data-node-b").toString());
        }
        assertThat(accountsFingerprint(url, "central")).isEqualTo(expectedCentral);
        assertThat(accountsFingerprint(url, "east")).isEqualTo(expectedEast);
        assertThat(query("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL")).isEqualTo("0");
    }

    /** The same run (no new one), COMPLETED on the other node, every row read once and every student created once. */
    private static void assertFinishedByTheOtherNode(long runId, String node, String where) {
        assertThat(query("SELECT status FROM import_run WHERE id = " + runId)).isEqualTo("COMPLETED");
        assertThat(query("SELECT node_id FROM import_run WHERE id = " + runId)).isEqualTo(node);
        assertThat(query("SELECT message FROM import_run WHERE id = " + runId))
                .startsWith(STUDENTS + " rows: " + STUDENTS + " created, 0 updated")
                .contains("restarted it " + where);
        assertThat(query("SELECT COUNT(*) FROM import_run WHERE feed_id = (SELECT feed_id FROM import_run WHERE id = "
                + runId + ")")).as("runs of the feed").isEqualTo("1");
        assertThat(query("""
                SELECT COUNT(*) FROM batch_job_execution
                 WHERE job_instance_id = (SELECT e.job_instance_id FROM batch_job_execution e
                                            JOIN import_run r ON r.job_execution_id = e.job_execution_id
                                           WHERE r.id = %d)""".formatted(runId)))
                .as("executions of the run's job instance: the interrupted one and its restart").isEqualTo("2");
    }

    private static ServerProcess node(String name, Path settings) throws IOException {
        // production nodes keep instanceId AUTO; the test names them, to know which node finished a run
        return ServerProcess.start("failover-node-" + name, settings,
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=node-" + name,
                "--rostersync.data-dir=" + dir.resolve("data-node-" + name));
    }

    private static Path settings(String databaseUrl, String name) throws IOException {
        Path file = dir.resolve(name + ".yml");
        StringBuilder feeds = new StringBuilder();
        for (String school : new String[] { "central", "east" }) {
            feeds.append("""
                        - id: %1$s-sftp
                          scope: SCHOOL
                          school: %1$s
                          # a one-off in a year that never comes: the test pulls the files itself
                          schedule: "CRON 0 0 3 1 1 ? 2099"
                          sftp:
                            host: 127.0.0.1
                            port: %2$d
                            username: %3$s
                            password: "%4$s"
                            known-hosts: %5$s
                            path: failover-%1$s.csv
                    """.formatted(school, TestSftpServer.port(), TestSftpServer.USER, TestSftpServer.PASSWORD,
                    TestSftpServer.DIR.resolve("known_hosts")));
        }
        return ServerSettings.write(file, databaseUrl, """
                rostersync:
                  data-dir: %s
                  # the nodes are killed in the middle of the load and apply steps: every run takes them
                  import:
                    first-import-in-one-pass: false
                  districts:
                    - id: metro
                      schools:
                        - id: central
                          reference-id: "1"
                        - id: east
                          reference-id: "2"
                  feeds:
                %s
                  staff:
                    - username: admin
                      password: "{noop}failover-secret"
                      role: DISTRICT_ADMIN
                      district: metro
                """.formatted(dir.resolve("data-" + name), feeds.toString().stripTrailing()));
    }

    private static long pull(ServerProcess server, String feedId) {
        return server.pull("admin", "failover-secret", feedId);
    }

    /** Every account's identity, username, status and fields in one school, folded into one hash. */
    private static String accountsFingerprint(String database, String school) {
        return ServerDatabase.query(database, """
                SELECT COUNT(*) || ':' || md5(string_agg(student_id || '|' || username || '|' || status || '|'
                       || first_name || '|' || last_name || '|' || grade || '|' || row_hash, ',' ORDER BY student_id))
                  FROM student_account WHERE school_id = '%s'""".formatted(school));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        Waiting.upTo(Duration.ofSeconds(180), what).until(condition::getAsBoolean);
    }

    /** {@link ServerDatabase#query} on the cluster's database. */
    private static String query(String sql) {
        return ServerDatabase.query(url, sql);
    }
}
