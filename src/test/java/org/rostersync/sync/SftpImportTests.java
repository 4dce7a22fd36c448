package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.StaffBrowser;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.TestSftpServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Pulled runs against a real SFTP server (MINA SSHD on loopback): the fetch step, its failures, run-now over HTTP
 * and scheduled firings. Runs on H2 and on PostgreSQL.
 */
abstract class SftpImportTests extends DatabaseTestSupport {

    static final String ROSTER = """
            Student ID,First Name,Last Name,Grade,Student Email
            7001,Ann,Lee,9,ann.lee@springfield.example
            7002,Bo,Chen,10,
            7003,Cy,Diaz,11,
            """;

    @LocalServerPort
    int port;

    @Autowired
    SyncSettings settings;

    @BeforeEach
    void serveTheRoster() {
        TestSftpServer.behaveNormally();
        TestSftpServer.put("jefferson.csv", ROSTER);
    }

    @AfterEach
    void behaveNormally() {
        TestSftpServer.behaveNormally();
    }

    @Test
    void pulledFileGivesTheSameAccountsAsAnUploadAndIsRecorded() {
        // when
        ImportRun pulled = pull("jefferson-sftp");

        // then
        assertThat(pulled.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(pulled.trigger()).isEqualTo(ImportTrigger.MANUAL);
        assertThat(pulled.counts()).isEqualTo(new RunCounts(3, 3, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(account("7001")).containsEntry("username", "ann.lee").containsEntry("school_id", "jefferson");
        Map<String, Object> file = jdbc.queryForMap(
                "SELECT file_path, file_size, file_sha256 FROM import_run WHERE id = ?", pulled.runId());
        Path downloaded = Path.of((String) file.get("file_path"));
        assertThat(downloaded).exists().hasFileName("run-" + pulled.runId() + ".csv");
        assertThat(downloaded.getParent()).hasFileName("jefferson-sftp");
        assertThat(((Number) file.get("file_size")).longValue()).isEqualTo(ROSTER.getBytes().length);
        assertThat((String) file.get("file_sha256")).hasSize(64);
        assertThat(downloaded.resolveSibling(downloaded.getFileName() + ".part")).doesNotExist();

        // and: the same file uploaded finds nothing to change
        ImportRun uploaded = importFile("jefferson-grace", ROSTER);
        assertThat(uploaded.counts()).isEqualTo(new RunCounts(3, 0, 0, 0, 0, 3, 0, 0, 0, 0));
    }

    @Test
    void downloadedAndUploadedRosterFilesAndTheirFoldersAreReadableByTheServersUserOnly() throws Exception {
        // when
        ImportRun pulled = pull("jefferson-sftp");
        ImportRun uploaded = importFile("jefferson-grace", ROSTER);

        // then: files 0600, every folder from theirs up to data-dir 0700
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        for (ImportRun run : List.of(pulled, uploaded)) {
            Path file = Path.of(jdbc.queryForObject("SELECT file_path FROM import_run WHERE id = ?", String.class,
                    run.runId())).toAbsolutePath().normalize();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
            for (Path folder = file.getParent(); folder.startsWith(dataDir); folder = folder.getParent()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                        .as(folder.toString()).isEqualTo("rwx------");
            }
        }
    }

    @Test
    void privateKeyLoginWithPinnedHostKeyPulls() {
        // when: an OpenSSH key, the server trusted by its SHA-256 fingerprint, an absolute remote path
        ImportRun run = pull("jefferson-sftp-key");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(3);
    }

    @Test
    void unknownHostKeyFailsShowingItsFingerprintAndChangesNothing() {
        // given
        importFile("jefferson-grace", ROSTER);
        List<Map<String, Object>> before = accounts();
        TestSftpServer.put("jefferson.csv", "Student ID,First Name,Last Name,Grade\n9,New,Kid,9\n");

        // when: known_hosts holds another key for the server
        ImportRun run = pull("jefferson-sftp-stranger");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("127.0.0.1:" + TestSftpServer.port())
                .contains(TestSftpServer.fingerprint())
                .contains("does NOT match")
                .contains("host-key-fingerprint: " + TestSftpServer.fingerprint())
                .contains("Nothing was changed");
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void refusedLoginFailsClearlyWithoutShowingThePassword() {
        // given
        importFile("jefferson-grace", ROSTER);
        List<Map<String, Object>> before = accounts();

        // when
        ImportRun run = pull("jefferson-sftp-bad-password");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("refused the login of user 'roster'").doesNotContain("not-the-password");
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void missingRemoteFileFailsNamingPathAndServer() {
        // given
        importFile("jefferson-grace", ROSTER);
        List<Map<String, Object>> before = accounts();
        TestSftpServer.remove("jefferson.csv");

        // when
        ImportRun run = pull("jefferson-sftp");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("no file at jefferson.csv on 127.0.0.1:" + TestSftpServer.port());
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void connectionDroppedMidTransferFailsAndLeavesNoPartialFile() throws Exception {
        // given: a large file; the server hangs up after the first 32 KiB on every attempt
        importFile("jefferson-grace", ROSTER);
        List<Map<String, Object>> before = accounts();
        StringBuilder big = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 0; i < 5000; i++) {
            big.append(10000 + i).append(",First").append(i).append(",Last").append(i).append(",9\n");
        }
        TestSftpServer.put("jefferson.csv", big.toString());
        TestSftpServer.dropConnectionsAfter(32 * 1024);

        // when
        ImportRun run = pull("jefferson-sftp");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("broke off while downloading jefferson.csv")
                .contains("gave up after 2 attempts").contains("Nothing was changed");
        assertThat(accounts()).isEqualTo(before);
        try (Stream<Path> files = Files.walk(settings.dataDir().resolve("downloads"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void adminRunsAFeedNowOverHttpOthersMayNot() {
        // given
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");
        ApiClient schoolAdmin = ApiClient.as(port, "lincoln-admin", "school-secret");
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");

        // when
        ApiClient.Response started = admin.postJson("/api/feeds/jefferson-sftp/runs", "");

        // then
        assertThat(started.status()).isEqualTo(202);
        ImportRun run = awaitRun(started.json().get("runId").asLong());
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.trigger()).isEqualTo(ImportTrigger.MANUAL);
        assertThat(schoolAdmin.postJson("/api/feeds/jefferson-sftp/runs", "").status()).isEqualTo(403);
        assertThat(teacher.postJson("/api/feeds/jefferson-sftp/runs", "").status()).isEqualTo(403);
        assertThat(admin.postJson("/api/feeds/lincoln-upload/runs", "").json().get("error").asString())
                .isEqualTo("bad_request");
        assertThat(admin.postJson("/api/feeds/nope/runs", "").status()).isEqualTo(404);
        JsonNode feed = feed(admin, "jefferson-sftp");
        assertThat(feed.get("nextRunAt").asString()).isEqualTo("2099-01-01T09:00:00Z");
        assertThat(feed.get("lastRun").get("runId").asLong()).isEqualTo(run.runId());
    }

    @Test
    void runNowWhileTheFeedRunsIsAConflict() {
        // given
        jdbc.update("UPDATE feed_state SET active_run_id = 515151 WHERE feed_id = 'jefferson-sftp'");

        // when
        ApiClient.Response second = ApiClient.as(port, "admin", "admin-secret")
                .postJson("/api/feeds/jefferson-sftp/runs", "");

        // then
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asString()).isEqualTo("feed_busy");
        assertThat(second.json().get("message").asString()).contains("515151");
    }

    @Test
    void scheduledFiringRunsOnceAndIsSkippedWhileTheFeedIsBusy() {
        // given
        Instant firing = Instant.parse("2026-09-02T07:00:00Z");

        // when
        Optional<Long> first = importRuns.runScheduled("jefferson-sftp", firing);
        Optional<Long> again = importRuns.runScheduled("jefferson-sftp", firing);
        jdbc.update("UPDATE feed_state SET active_run_id = 626262 WHERE feed_id = 'jefferson-sftp'");
        Optional<Long> busy = importRuns.runScheduled("jefferson-sftp", firing.plusSeconds(86_400));

        // then
        assertThat(first).isPresent();
        ImportRun run = importRuns.find(first.get()).orElseThrow();
        assertThat(run.trigger()).isEqualTo(ImportTrigger.SCHEDULED);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(again).isEmpty();
        assertThat(busy).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run WHERE feed_id = 'jefferson-sftp'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void aFiringSkippedWhileAManualRunIsInProgressIsShownInTheFeedsListAndOnTheFeedsPage() throws Exception {
        // given: an admin's Run now in progress (the SFTP server is slow to answer)
        TestSftpServer.stallReads(2_000);
        long manual = importRuns.pullNow("jefferson-sftp", "admin");
        Instant firing = Instant.parse("2026-09-02T07:00:00Z");

        // when: the feed's schedule fires meanwhile
        Optional<Long> fired = importRuns.runScheduled("jefferson-sftp", firing);
        TestSftpServer.behaveNormally();
        awaitRun(manual);

        // then: skipped, and every node's API and page say so, not only this node's log
        assertThat(fired).isEmpty();
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");
        JsonNode skipped = feed(admin, "jefferson-sftp").get("lastSkipped");
        assertThat(skipped.get("at").asString()).isEqualTo("2026-09-02T07:00:00Z");
        assertThat(skipped.get("runId").asLong()).isEqualTo(manual);
        assertThat(skipped.get("reason").asString()).isEqualTo("skipped: run " + manual
                + " of the feed was still in progress");
        assertThat(feed(admin, "jefferson-sftp-key").get("lastSkipped").isNull()).isTrue();
        String row = feedsPageRow("admin", "admin-secret", "jefferson-sftp");
        assertThat(row).contains("class=\"skipped hint\"", "skipped: run " + manual + " of the feed was still in progress",
                "href=\"/runs/" + manual + "\"");
        assertThat(feedsPageRow("admin", "admin-secret", "jefferson-sftp-key")).doesNotContain("skipped");
    }

    @Test
    void scheduledFiringThatFindsTheFeedHeldByTheRunOfANodeThatDiedRecoversItAndRuns() {
        // given: a run of the feed left RUNNING by a node killed a moment ago, before any recovery sweep
        long dead = pull("jefferson-sftp").runId();
        jdbc.update("""
                UPDATE import_run SET status = 'RUNNING', ended_at = NULL, applied_at = NULL, node_id = 'node-that-died'
                 WHERE id = ?""", dead);
        jdbc.update("UPDATE feed_state SET active_run_id = ? WHERE feed_id = 'jefferson-sftp'", dead);

        // when: the feed's trigger fires on this node (the cluster handed it the dead node's triggers)
        Optional<Long> fired = importRuns.runScheduled("jefferson-sftp", Instant.parse("2026-09-02T07:00:00Z"));

        // then: the dead node's run is recovered, and the firing runs instead of being skipped
        assertThat(fired).isPresent();
        assertThat(importRuns.find(fired.get()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        ImportRun recovered = importRuns.find(dead).orElseThrow();
        assertThat(recovered.status()).isEqualTo(RunStatus.FAILED);
        assertThat(recovered.message()).contains("node node-that-died", "stopped before the run ended");
    }

    private ImportRun pull(String feedId) {
        return awaitRun(importRuns.pullNow(feedId, "test"));
    }

    private List<Map<String, Object>> accounts() {
        return jdbc.queryForList("""
                SELECT student_id, school_id, username, first_name, grade, status, updated_at
                  FROM student_account ORDER BY id""");
    }

    /** The feed's row of the Feeds page, as a staff member signed in through the sign-in form sees it. */
    private String feedsPageRow(String username, String password, String feedId) {
        StaffBrowser browser = new StaffBrowser(port);
        browser.signInWithForm(username, password);
        StaffBrowser.Page page = browser.get("/feeds");
        assertThat(page.status()).isEqualTo(200);
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("<tr data-feed=\"" + feedId + "\">.*?</tr>",
                java.util.regex.Pattern.DOTALL).matcher(page.text());
        assertThat(row.find()).as("the row of feed %s on the Feeds page", feedId).isTrue();
        return row.group();
    }

    private static JsonNode feed(ApiClient client, String feedId) {
        for (JsonNode feed : client.get("/api/feeds").json()) {
            if (feed.get("id").asString().equals(feedId)) {
                return feed;
            }
        }
        throw new AssertionError("no feed " + feedId);
    }
}
