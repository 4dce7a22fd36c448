package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.ExportZips;
import org.rostersync.support.RunOnRoster;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Files made to hurt the server, through the real job: a quote left open for 150 MB, a zip bomb, an archive of too
 * many files, a member over the cap. Each fails its run naming what to fix, changes no account, and the server keeps
 * answering. Runs on H2 and on PostgreSQL (see the two subclasses).
 */
abstract class HostileFileTests extends DatabaseTestSupport {

    private static final String HEADER = "Student ID,First Name,Last Name,Grade\n";
    private static final String ORGS = """
            sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
            s-washington,,,Washington Middle,school,102,
            """;
    private static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,"
            + "userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";
    private static final String ANN = "u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,\n";

    @LocalServerPort
    int port;

    @Test
    void aQuoteLeftOpenOnLine3For150MbFailsTheRunNamingTheLineWhileTheServerKeepsAnswering() throws IOException {
        // given: two students
        importFile("lincoln-upload", HEADER + "1001,Ann,Lee,3\n1002,Bo,Chen,3\n");

        // when: a 150 MB file renames Ann on line 2 and opens a quote on line 3 that runs on to its end
        long runId = importRuns.upload("lincoln-upload", new RunOnRoster(HEADER + "1001,Renamed,Lee,4\n"
                + "1002,\"Bo,Chen,3\n", 150L * 1024 * 1024), "test", false, false);
        try {
            ApiClient.Response answer = ApiClient.as(port, "admin", "admin-secret").get("/api/feeds");
            ImportRun run = awaitRun(runId);

            // then
            assertThat(answer.status()).isEqualTo(200);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.message()).contains("line 3: a quoted value opened in the row that starts on this line")
                    .contains("unclosed quote on line 3").contains("rostersync.max-record-length");
            assertThat(account("1001")).containsEntry("first_name", "Ann").containsEntry("grade", "3");
            assertThat(accountCount()).isEqualTo(2);
            assertThat(ApiClient.as(port, "admin", "admin-secret").get("/api/feeds").status()).isEqualTo(200);
        } finally {
            deleteFileOf(runId);
        }
    }

    @Test
    void aLongRecordUnderTheLimitStillImports() {
        // given: a note of 60,000 characters over many lines in a column the import ignores
        String note = "Seen by the nurse; see the file.\n".repeat(1_900).substring(0, 60_000);

        // when
        ImportRun run = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade,Notes\n"
                + "1001,Ann,Lee,3,\"" + note + "\"\n1002,Bo,Chen,3,\n");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(2);
        assertThat(account("1002")).containsEntry("first_name", "Bo");
    }

    @Test
    void aZipBombMemberFailsTheRunNamingTheMember() throws IOException {
        // given: Ann imported; then an export whose users.csv inflates to 30 MB of empty lines from 30 KB
        importFile("oneroster-washington", export(ANN), false, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : Map.of("manifest.csv", ExportZips.manifest("bulk"), "orgs.csv",
                    ORGS).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new ZipEntry("users.csv"));
            zip.write(USERS.getBytes(StandardCharsets.UTF_8));
            byte[] empty = new byte[1024 * 1024];
            java.util.Arrays.fill(empty, (byte) '\n');
            for (int i = 0; i < 30; i++) {
                zip.write(empty);
            }
            zip.closeEntry();
        }

        // when
        ImportRun run = importFile("oneroster-washington", bytes.toByteArray(), false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("the export's member 'users.csv' inflates to more than 100 times")
                .contains("rostersync.zip.max-ratio");
        assertThat(account("u1")).containsEntry("first_name", "Ann").containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void anArchiveOfMoreThan50FilesFailsTheRun() {
        // given
        importFile("oneroster-washington", export(ANN), false, false);
        Map<String, byte[]> files = files(ANN.replace("Ann", "Renamed"));
        for (int i = 0; i < 57; i++) {
            files.put("copies/users-" + i + ".csv", USERS.getBytes(StandardCharsets.UTF_8));
        }

        // when
        ImportRun run = importFile("oneroster-washington", ExportZips.zipBytes(files), false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("the zip archive holds 60 entries (files and folders), more than the 50")
                .contains("rostersync.zip.max-members");
        assertThat(account("u1")).containsEntry("first_name", "Ann");
    }

    @Test
    void aMemberOverTheConfiguredCapFailsTheRunNamingIt() {
        // given: Ann imported; then users.csv of 5 MB stored uncompressed, over the tests' cap of 4 MB
        importFile("oneroster-washington", export(ANN), false, false);
        StringBuilder users = new StringBuilder(ANN.replace("Ann", "Renamed"));
        for (int i = 0; users.length() < 5 * 1024 * 1024; i++) {
            users.append("t").append(i).append(",,,true,s-washington,teacher,,,Tess").append(i)
                    .append(",Ray,,T").append(i).append(",,,,,,\n");
        }

        // when
        ImportRun run = importFile("oneroster-washington", ExportZips.zipBytes(files(users.toString()),
                ZipEntry.STORED), false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("the export's member 'users.csv' holds more than 4 MB once uncompressed"
                + " (rostersync.zip.max-member-size)");
        assertThat(account("u1")).containsEntry("first_name", "Ann");
    }

    private static byte[] export(String users) {
        return ExportZips.zipBytes(files(users));
    }

    private static Map<String, byte[]> files(String users) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.csv", ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8));
        files.put("orgs.csv", ORGS.getBytes(StandardCharsets.UTF_8));
        files.put("users.csv", (USERS + users).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The stored upload of a run: 150 MB is not kept in target/ for the retention pass. */
    private void deleteFileOf(long runId) throws IOException {
        String path = jdbc.queryForObject("SELECT file_path FROM import_run WHERE id = ?", String.class, runId);
        Files.deleteIfExists(Path.of(path));
    }
}
