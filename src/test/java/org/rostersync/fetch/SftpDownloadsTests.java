package org.rostersync.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.school.SftpSettings;
import org.rostersync.support.TestSftpServer;

/** The SFTP client alone against MINA SSHD on loopback: logins, host keys, retries. */
class SftpDownloadsTests {

    static final String CONTENT = "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n";

    final SftpDownloads downloads = new SftpDownloads(
            new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofMillis(100), Duration.ZERO));

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() {
        TestSftpServer.put("unit.csv", CONTENT);
    }

    @Test
    void passphraseProtectedPemKeyLogsIn() throws Exception {
        // given
        SftpSettings sftp = settings(null, null, key("id_rsa.pem"), TestSftpServer.PEM_PASSPHRASE, "known_hosts");

        // when
        DownloadedFile file = downloads.download(sftp, dir.resolve("out.csv"));

        // then
        assertThat(Files.readString(file.path())).isEqualTo(CONTENT);
        assertThat(file.size()).isEqualTo(CONTENT.length());
        assertThat(file.sha256()).isEqualTo("%064x".formatted(new java.math.BigInteger(1,
                java.security.MessageDigest.getInstance("SHA-256").digest(CONTENT.getBytes()))));
    }

    @Test
    void wrongPassphraseIsReportedWithoutTryingAgain() {
        SftpSettings sftp = settings(null, null, key("id_rsa.pem"), "not-the-passphrase", "known_hosts");

        assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("id_rsa.pem could not be used").hasMessageContaining("passphrase")
                .hasMessageNotContaining("not-the-passphrase")
                .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());
    }

    @Test
    void unknownHostKeyShowsTheFingerprintAndTheKnownHostsLine() {
        // given: an empty known_hosts
        SftpSettings sftp = settings(TestSftpServer.PASSWORD, null, null, null, "empty_known_hosts");

        // then
        assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("which is not in")
                .hasMessageContaining(TestSftpServer.fingerprint())
                .hasMessageContaining("[127.0.0.1]:" + TestSftpServer.port() + " ecdsa-sha2-nistp256 AAAA");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void pinnedFingerprintMismatchIsRefused() {
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, null, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "unit.csv");

        assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                .hasMessageContaining("not the pinned host-key-fingerprint")
                .hasMessageContaining("host-key-fingerprint: " + TestSftpServer.fingerprint());
    }

    @Test
    void aFileStillBeingWrittenIsFetchedAgainAndOnlyTheWholeFileArrives() throws Exception {
        // given: the SIS is still appending to the export when the download starts
        TestSftpServer.put("growing.csv", CONTENT);
        TestSftpServer.appendAfterDownload("2,Bo,Chen,3\n");
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "growing.csv");

        // when
        DownloadedFile file;
        try {
            file = downloads.download(sftp, dir.resolve("out.csv"));
        } finally {
            TestSftpServer.behaveNormally();
        }

        // then: the first attempt, complete as far as it went, saw the file grow and was thrown away; the second
        // got the finished file
        assertThat(Files.readString(file.path())).isEqualTo(CONTENT + "2,Bo,Chen,3\n");
        assertThat(file.size()).isEqualTo(CONTENT.length() + 12);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("out.csv");
        }
    }

    @Test
    void refusedConnectionIsTriedAgainWithGrowingPauses() throws IOException {
        // given: a port where nothing listens
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SftpSettings sftp = new SftpSettings("127.0.0.1", closed, "u", "p", null, null, null, null,
                TestSftpServer.fingerprint(), "unit.csv");
        Instant start = Instant.now();

        // then: three attempts, 100 ms and 200 ms apart
        assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                .hasMessageContaining("could not connect to the SFTP server 127.0.0.1:" + closed)
                .hasMessageContaining("connection refused").hasMessageContaining("gave up after 3 attempts");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aFileTheUserMayNotReadIsReportedAsSuchWithoutTryingAgain() {
        // given: the file is listed, but the SFTP user may not open it (mode 0600, another owner)
        TestSftpServer.put("locked.csv", CONTENT);
        TestSftpServer.unreadable = "locked.csv";
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "locked.csv");

        // then
        try {
            assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("may not read locked.csv")
                    .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());

            // and the same for a member of an export folder
            TestSftpServer.put("locked-export/manifest.csv", "propertyName,value\n");
            TestSftpServer.put("locked-export/locked.csv", CONTENT);
            SftpSettings folder = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                    TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(),
                    null, "locked-export");
            assertThatThrownBy(() -> downloads.download(folder, dir.resolve("export.zip"),
                    List.of("manifest.csv", "locked.csv")))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("may not read locked-export/locked.csv")
                    .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());
        } finally {
            TestSftpServer.unreadable = null;
        }
    }

    @Test
    void aPathMatchingNoFileSaysThereIsNoFile() {
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "exports/students-*.csv");

        assertThatThrownBy(() -> downloads.download(sftp, dir.resolve("out.csv")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("no file at exports/students-*.csv")
                .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());
    }

    @Test
    void aServerThatAsksForThePasswordByKeyboardInteractiveLetsTheFeedIn() throws Exception {
        // given: a server that offers no "password" method, only keyboard-interactive
        SshServer server = TestSftpServer.startKeyboardInteractiveOnly();
        try {
            SftpSettings sftp = new SftpSettings("127.0.0.1", server.getPort(), TestSftpServer.USER,
                    TestSftpServer.PASSWORD, null, null, null, null, TestSftpServer.fingerprint(), "unit.csv");

            // when
            DownloadedFile file = downloads.download(sftp, dir.resolve("out.csv"));

            // then: the right password was taken (it used to be reported as refused)
            assertThat(Files.readString(file.path())).isEqualTo(CONTENT);

            // and a wrong one is still a refused login, not tried again
            SftpSettings wrong = new SftpSettings("127.0.0.1", server.getPort(), TestSftpServer.USER, "wrong", null,
                    null, null, null, TestSftpServer.fingerprint(), "unit.csv");
            assertThatThrownBy(() -> downloads.download(wrong, dir.resolve("other.csv")))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("refused the login of user '" + TestSftpServer.USER + "'")
                    .hasMessageNotContaining("wrong")
                    .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());
        } finally {
            server.stop(true);
        }
    }

    @Test
    void withASettleTimeAFileTheSisIsStillWritingIsNotFetchedUntilItStaysUnchanged() throws Exception {
        // given: one attempt, and a file must stay unchanged for 1 s; the SIS writes more of it 300 ms in
        SftpDownloads settling = new SftpDownloads(new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
                Duration.ofMillis(100), Duration.ofSeconds(1)));
        TestSftpServer.put("growing.csv", CONTENT);
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "growing.csv");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(TestSftpServer.ROOT.resolve("growing.csv"), CONTENT + "2,Bo,Chen,3\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();

        // then: not fetched, and worth another attempt
        assertThatThrownBy(() -> settling.download(sftp, dir.resolve("out.csv")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("growing.csv on 127.0.0.1:" + TestSftpServer.port() + " is still being written")
                .hasMessageContaining("rostersync.sftp.settle-time")
                .satisfies(e -> assertThat(((FetchException) e).retryable()).isTrue());
        writer.join();
        assertThat(dir.resolve("out.csv")).doesNotExist();

        // when: the export has finished
        DownloadedFile file = settling.download(sftp, dir.resolve("out.csv"));

        // then
        assertThat(Files.readString(file.path())).isEqualTo(CONTENT + "2,Bo,Chen,3\n");
    }

    @Test
    void aServerThatStopsSendingTheFileMidTransferIsGivenUpAfterTheReadTimeout() {
        // given: the server's SSH side answers keep-alives, but its reads hang (a stuck disk)
        SftpDownloads oneSecond = new SftpDownloads(
                new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ofMillis(100),
                        Duration.ZERO));
        TestSftpServer.put("stuck.csv", CONTENT);
        TestSftpServer.stallReads(30_000);
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "stuck.csv");

        // then: the attempt ends within a few seconds (it used to wait for as long as the server hung), is worth
        // another attempt, and leaves nothing behind
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> oneSecond.download(sftp, dir.resolve("out.csv")))
                            .isInstanceOf(FetchException.class)
                            .hasMessageContaining("broke off while downloading stuck.csv")
                            .hasMessageContaining("the server sent nothing for PT1S (rostersync.sftp.read-timeout)")
                            .satisfies(e -> assertThat(((FetchException) e).retryable()).isTrue()));
        } finally {
            TestSftpServer.behaveNormally();
        }
        assertThat(dir.resolve("out.csv")).doesNotExist();
        assertThat(dir.resolve("out.csv.part")).doesNotExist();
    }

    @Test
    void aServerThatHangsLookingTheFileUpNamesTheReadTimeout() {
        // given: the server hangs when asked for the file's size and date
        SftpDownloads oneSecond = new SftpDownloads(
                new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ofMillis(100),
                        Duration.ZERO));
        TestSftpServer.stallLookUps(30_000);

        // then: the message says what ran out, not only that the look-up failed
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> oneSecond.download(settings(TestSftpServer.PASSWORD, null, null, null,
                            "known_hosts"), dir.resolve("out.csv")))
                            .isInstanceOf(FetchException.class)
                            .hasMessageContaining("could not look up unit.csv")
                            .hasMessageContaining("the server sent nothing for PT1S (rostersync.sftp.read-timeout)")
                            .satisfies(e -> assertThat(((FetchException) e).retryable()).isTrue()));
        } finally {
            TestSftpServer.behaveNormally();
        }
    }

    @Test
    void aSlowTransferThatKeepsSendingIsNotCutOffByTheReadTimeout() throws Exception {
        // given: 200 KB, each read answered after 300 ms: the whole download takes longer than the read timeout
        SftpDownloads oneSecond = new SftpDownloads(
                new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ofMillis(100),
                        Duration.ZERO));
        String big = CONTENT + "9,Ann,Lee,3\n".repeat(200_000 / 12);
        TestSftpServer.put("slow.csv", big);
        TestSftpServer.stallReads(300);
        SftpSettings sftp = new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER,
                TestSftpServer.PASSWORD, null, null, null, TestSftpServer.DIR.resolve("known_hosts").toString(), null,
                "slow.csv");
        Instant start = Instant.now();

        // when
        DownloadedFile file;
        try {
            file = oneSecond.download(sftp, dir.resolve("out.csv"));
        } finally {
            TestSftpServer.behaveNormally();
        }

        // then
        assertThat(Duration.between(start, Instant.now())).isGreaterThan(Duration.ofSeconds(1));
        assertThat(file.size()).isEqualTo(big.length());
        assertThat(Files.readString(file.path())).isEqualTo(big);
    }

    @Test
    void aPinnedFingerprintOfAnyOfTheServersHostKeysIsTrusted() throws Exception {
        // given: a server with an ECDSA key (which the client prefers) and an RSA key; the admin pinned the RSA one
        KeyPair ecdsa = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        KeyPair rsa = KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
        SshServer server = TestSftpServer.startWithHostKeys(ecdsa, rsa);
        try {
            // when
            DownloadedFile file = downloads.download(pinned(server, TestSftpServer.fingerprint(rsa)),
                    dir.resolve("out.csv"));

            // then: the RSA key is asked for and matches (it used to be refused as "not the pinned" key)
            assertThat(Files.readString(file.path())).isEqualTo(CONTENT);

            // and a fingerprint none of its keys has is still refused at once, showing the key it presented first
            assertThatThrownBy(() -> downloads.download(
                    pinned(server, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), dir.resolve("other.csv")))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("not the pinned host-key-fingerprint")
                    .hasMessageContaining("host-key-fingerprint: " + TestSftpServer.fingerprint(ecdsa))
                    .satisfies(e -> assertThat(((FetchException) e).retryable()).isFalse());
            assertThat(dir.resolve("other.csv")).doesNotExist();
        } finally {
            server.stop(true);
        }
    }

    private static SftpSettings pinned(SshServer server, String fingerprint) {
        return new SftpSettings("127.0.0.1", server.getPort(), TestSftpServer.USER, TestSftpServer.PASSWORD, null,
                null, null, null, fingerprint, "unit.csv");
    }

    private static SftpSettings settings(String password, String passwordFile, String key, String passphrase,
            String knownHosts) {
        return new SftpSettings("127.0.0.1", TestSftpServer.port(), TestSftpServer.USER, password, passwordFile, key,
                passphrase, TestSftpServer.DIR.resolve(knownHosts).toString(), null, "unit.csv");
    }

    private static String key(String name) {
        return TestSftpServer.DIR.resolve(name).toString();
    }
}
