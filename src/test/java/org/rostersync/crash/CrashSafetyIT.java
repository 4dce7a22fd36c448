package org.rostersync.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rostersync.support.ServerDatabase.accountsFingerprint;
import static org.rostersync.support.ServerDatabase.committedChunks;
import static org.rostersync.support.ServerDatabase.finished;
import static org.rostersync.support.ServerDatabase.stepStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.LargeRosters;
import org.rostersync.support.ServerDatabase;
import org.rostersync.support.ServerProcess;
import org.rostersync.support.ServerSettings;
import org.rostersync.support.Waiting;

/**
 * The real jar as a child process on PostgreSQL, stopped and killed in the middle of a run: after a restart a run
 * killed while loading its upload is shown as failed (the uploaded file is not kept for another node), a run killed
 * while applying is restarted and finished, and the accounts are those of a clean run.
 */
class CrashSafetyIT {

    private static final int STUDENTS = 120_000;

    @TempDir
    static Path dir;

    static Path roster;
    /** The database of the test that is running. */
    static String url;

    @BeforeAll
    static void prepare() throws IOException {
        roster = LargeRosters.students(dir.resolve("central.csv"), STUDENTS);
    }

    private static Path settingsFor(String databaseUrl, String name) throws IOException {
        return ServerSettings.centralUpload(dir.resolve(name + ".yml"), databaseUrl, dir.resolve("data-" + name),
                "crash-secret", "");
    }

    @Test
    void sigkillDuringLoadAndDuringApplyLosesAndDuplicatesNothing() throws Exception {
        // given: a clean import of the file into a database of its own, as the reference
        String reference = ServerDatabase.create();
        try (ServerProcess server = ServerProcess.start("sigkill-reference", settingsFor(reference, "reference"))) {
            long run = upload(server);
            awaitTrue("reference run finished", () -> finished(reference, run));
        }
        String expected = accountsFingerprint(reference);

        url = ServerDatabase.create();
        Path killed = settingsFor(url, "killed");
        long duringLoad;
        long duringApply;
        // when: the JVM is killed in the middle of load
        try (ServerProcess server = ServerProcess.start("sigkill-load", killed)) {
            duringLoad = upload(server);
            awaitTrue("load step committing chunks", () -> committedChunks(url, duringLoad, "load") >= 2);
            server.kill();
        }
        // and, after a restart, in the middle of apply
        try (ServerProcess server = ServerProcess.start("sigkill-apply", killed)) {
            assertThat(query("SELECT status FROM import_run WHERE id = " + duringLoad)).isEqualTo("FAILED");
            assertThat(query("SELECT message FROM import_run WHERE id = " + duringLoad))
                    .contains("stopped before the run ended").contains("Nothing was changed");
            duringApply = upload(server);
            awaitTrue("apply step started", () -> "STARTED".equals(stepStatus(url, duringApply, "apply")));
            server.kill();
        }
        // then: the restarted node restarts the run it was killed applying (the upload was loaded: what the restart
        // needs is in the database), whose apply had applied nothing, and it gives the reference accounts
        try (ServerProcess server = ServerProcess.start("sigkill-restart", killed)) {
            awaitTrue("the interrupted run finished", () -> finished(url, duringApply));
            assertThat(query("SELECT status FROM import_run WHERE id = " + duringApply)).isEqualTo("COMPLETED");
            assertThat(query("SELECT message FROM import_run WHERE id = " + duringApply))
                    .contains("restarted it at its apply step, which had applied nothing");
            assertThat(query("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL")).isEqualTo("0");
        }
        assertThat(accountsFingerprint(url)).isEqualTo(expected);
        assertThat(query("SELECT COUNT(*) FROM student_account")).isEqualTo(String.valueOf(STUDENTS));
    }

    @Test
    void sigtermDuringLoadStopsCleanlyAndTheNextRunCompletes() throws Exception {
        url = ServerDatabase.create();
        Path settings = settingsFor(url, "sigterm");
        long runId;
        try (ServerProcess server = ServerProcess.start("sigterm", settings)) {
            // given: a large first import, caught in the middle of its load step
            runId = upload(server);
            awaitTrue("load step committing chunks", () -> committedChunks(url, runId, "load") >= 2);

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
        assertThat(query("SELECT (SELECT COUNT(*) FROM staged_student WHERE run_id = " + runId + ")"
                + " + (SELECT COUNT(*) FROM kept_student WHERE run_id = " + runId + ")"
                + " + (SELECT COUNT(*) FROM withdrawn_student WHERE run_id = " + runId + ")"))
                .as("what the load step wrote is dropped").isEqualTo("0");

        // when: the node comes back and the file is imported again
        try (ServerProcess server = ServerProcess.start("sigterm-restart", settings)) {
            long again = upload(server);
            awaitTrue("second run finished", () -> finished(url, again));

            // then
            assertThat(query("SELECT status FROM import_run WHERE id = " + again)).isEqualTo("COMPLETED");
            assertThat(query("SELECT COUNT(*) FROM student_account")).isEqualTo(String.valueOf(STUDENTS));
            assertThat(query("SELECT COUNT(DISTINCT username) FROM student_account"))
                    .isEqualTo(String.valueOf(STUDENTS));
        }
    }

    private static long upload(ServerProcess server) throws IOException {
        return server.upload("admin", "crash-secret", "central-upload", "central.csv", roster);
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        Waiting.upTo(Duration.ofSeconds(120), what).until(condition::getAsBoolean);
    }

    /** {@link ServerDatabase#query} on the database of the test that is running. */
    static String query(String sql) {
        return ServerDatabase.query(url, sql);
    }
}
