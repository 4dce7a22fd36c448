package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.ExportZips;
import org.rostersync.support.TestSftpServer;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * CLEVER and ONEROSTER feeds end to end: the same accounts as the equivalent STANDARD file, OneRoster's manifest
 * modes, the column map of each run, and bad input reported by file and line. Runs on H2 and on PostgreSQL.
 */
abstract class RosterFormatTests extends DatabaseTestSupport {

    static final Path SAMPLES = Path.of("sample-imports");

    /** What every format carries; Clever adds birth date, gender, guardian email and the state id. */
    static final String ONEROSTER_FIELDS = "district_id, school_id, student_id, username, first_name, last_name,"
            + " middle_initial, grade, email, status, origin";
    static final String CLEVER_FIELDS = ONEROSTER_FIELDS + ", birth_date, guardian_email, gender, reference_id";

    static final String ORGS = """
            sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
            d1,,,Springfield Unified,district,SPU,
            s-lincoln,,,Lincoln Elementary,school,101,d1
            s-washington,,,Washington Middle,school,102,d1
            """;
    static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
            + "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";

    @LocalServerPort
    int port;

    @Test
    void cleverFileGivesTheSameAccountsAsTheStandardFile() throws IOException {
        // given
        List<Map<String, Object>> standard = accountsAfter("springfield-district",
                read("springfield-district-full.csv"), CLEVER_FIELDS);

        // when
        ImportRun run = importFile("clever-district", read("clever-students.csv"), false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(8);
        assertThat(accounts(CLEVER_FIELDS)).isEqualTo(standard);
        assertThat(account("100112")).containsEntry("grade", "PK").containsEntry("middle_initial", "M")
                .containsEntry("guardian_email", "t.park@example.org");
    }

    @Test
    void oneRosterExportGivesTheSameAccountsAsTheStandardFile() throws IOException {
        // given
        List<Map<String, Object>> standard = accountsAfter("springfield-district",
                read("springfield-district-full.csv"), ONEROSTER_FIELDS);

        // when
        ImportRun run = importFile("oneroster-district", ExportZips.zip(ExportZips.ONEROSTER_SAMPLE), false, false);

        // then: the teacher, the guardian, the tobedeleted and the disabled student made no account
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(8, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(accounts(ONEROSTER_FIELDS)).isEqualTo(standard);
    }

    @Test
    void cleverAndOneRosterExportsPulledOverSftpGiveTheSameAccountsAsTheStandardFile() throws IOException {
        // given: Clever's students.csv, and a OneRoster export left as a folder, on a real SFTP server
        List<Map<String, Object>> standard = accountsAfter("springfield-district",
                read("springfield-district-full.csv"), ONEROSTER_FIELDS);
        Files.createDirectories(TestSftpServer.ROOT.resolve("clever"));
        Files.createDirectories(TestSftpServer.ROOT.resolve("oneroster-export"));
        TestSftpServer.put("clever/students.csv", Files.readString(SAMPLES.resolve("clever-students.csv")));
        for (String member : List.of("manifest.csv", "orgs.csv", "users.csv")) {
            TestSftpServer.put("oneroster-export/" + member,
                    Files.readString(ExportZips.ONEROSTER_SAMPLE.resolve(member)));
        }

        // when
        ImportRun clever = awaitRun(importRuns.pullNow("clever-district-sftp", "test"));
        List<Map<String, Object>> afterClever = accounts(ONEROSTER_FIELDS);
        jdbc.update("DELETE FROM account_event");
        jdbc.update("DELETE FROM student_account");
        ImportRun oneRoster = awaitRun(importRuns.pullNow("oneroster-district-sftp", "test"));

        // then
        assertThat(clever.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(afterClever).isEqualTo(standard);
        assertThat(oneRoster.status()).as(oneRoster.message()).isEqualTo(RunStatus.COMPLETED);
        assertThat(accounts(ONEROSTER_FIELDS)).isEqualTo(standard);
        Path folder = Path.of(jdbc.queryForObject("SELECT file_path FROM import_run WHERE id = ?", String.class,
                oneRoster.runId()));
        assertThat(folder).isDirectory().hasFileName("run-" + oneRoster.runId());
        assertThat(folder.resolve("users.csv")).exists();
    }

    @Test
    void cleverStudentIdSettingKeysAccountsOnStudentNumber() {
        // when
        ImportRun run = importFile("clever-washington", """
                school_id,student_id,student_number,first_name,middle_name,last_name,grade,dob
                102,5f2a91c3e4,24-0001,Ann,Marie,Lee,Kindergarten,02/03/2020
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("24-0001")).containsEntry("school_id", "washington").containsEntry("grade", "K")
                .containsEntry("middle_initial", "M").containsEntry("username", "ann.lee");
        assertThat(importRuns.columns(run.runId())).hasValueSatisfying(columns -> {
            assertThat(columns.mapped()).containsEntry("student-id", "student_number");
            assertThat(columns.ignored()).containsExactly("student_id");
        });
    }

    @Test
    void oneRosterDeltaChangesOnlyItsRowsAndDeactivatesTobedeletedStudents() {
        // given: three students at Lincoln from a bulk export
        ImportRun bulk = importFile("oneroster-washington", oneRoster("bulk", """
                u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,
                u2,,,true,s-washington,student,,,Bo,Chen,,1002,,,,,03,
                u3,,,true,s-washington,student,,,Cy,Diaz,,1003,,,,,04,
                """), false, false);

        // when: Ann changes grade, Di arrives, Bo is deleted; Cy is not in the delta at all
        ImportRun delta = importFile("oneroster-washington", oneRoster("delta", """
                u1,active,,true,s-washington,student,,,Ann,Lee,,1001,,,,,04,
                u4,active,,true,s-washington,student,,,Di,Evans,,1004,,,,,KG,
                u2,tobedeleted,,true,s-washington,student,,,Bo,Chen,,1002,,,,,03,
                """), false, false);

        // then
        assertThat(bulk.counts().created()).isEqualTo(3);
        assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(delta.counts()).isEqualTo(new RunCounts(3, 1, 1, 0, 0, 0, 0, 1, 0, 0));
        assertThat(account("u1")).containsEntry("grade", "4");
        assertThat(account("u2")).containsEntry("status", "DEACTIVATED");
        assertThat(account("u3")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("missing_since", null);
        assertThat(account("u4")).containsEntry("grade", "K");
        assertThat(importRuns.changes(delta.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .containsExactly(new PlannedChange("u2", "washington", ChangeAction.DEACTIVATE, false));

        // and a later bulk export follows the normal rules: Cy, missing from it, is deactivated
        ImportRun nextBulk = importFile("oneroster-washington", oneRoster("bulk", """
                u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,04,
                u4,,,true,s-washington,student,,,Di,Evans,,1004,,,,,KG,
                """), false, false);
        assertThat(nextBulk.counts().deactivated()).isEqualTo(1);
        assertThat(account("u3")).containsEntry("status", "DEACTIVATED");
    }

    @Test
    void aDeltaIsNeverHeldAsAShortFileNorTakenAsTheMeasureOfOne() {
        // given: ten students from a bulk export (the feed holds a file 50% shorter than its last good one)
        StringBuilder ten = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            ten.append("u%d,,,true,s-washington,student,,,Kid,No%s,,10%02d,,,,,03,\n".formatted(i, "abcdefghij"
                    .charAt(i - 1), i));
        }
        importFile("oneroster-washington", oneRoster("bulk", ten.toString()), false, false);

        // when: a delta withdraws one of them
        ImportRun delta = importFile("oneroster-washington", oneRoster("delta",
                "u2,tobedeleted,,true,s-washington,student,,,Kid,Nob,,1002,,,,,03,\n"), false, false);

        // then: it applies
        assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(delta.message()).doesNotContain("Held");
        assertThat(delta.counts().deactivated()).isEqualTo(1);
        assertThat(account("u2")).containsEntry("status", "DEACTIVATED");

        // and when a bulk export comes cut short to the first three, it is measured against the ten
        ImportRun cut = importFile("oneroster-washington", oneRoster("bulk", ten.substring(0, ten.indexOf("u4,"))),
                false, false);
        assertThat(cut.status()).isEqualTo(RunStatus.HELD);
        assertThat(cut.message()).contains("the file has 3 rows").contains("fewer than the 10 rows of run");
    }

    @Test
    void districtDeltaAndAbsentUsersNeverDeactivate() {
        // given
        importFile("oneroster-district", oneRoster("bulk", """
                u1,,,true,s-lincoln,student,,,Ann,Lee,,1001,,,,,03,
                u2,,,true,s-lincoln,student,,,Bo,Chen,,1002,,,,,03,
                """), false, false);

        // when
        ImportRun delta = importFile("oneroster-district", oneRoster("delta", """
                u2,tobedeleted,,true,s-lincoln,student,,,Bo,Chen,,1002,,,,,03,
                """), false, false);
        ImportRun absent = importFile("oneroster-district", ExportZips.zip(Map.of("manifest.csv",
                ExportZips.manifest("absent"))), false, false);

        // then
        assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(delta.counts().deactivated()).isZero();
        assertThat(account("1002")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(absent.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(absent.counts()).isEqualTo(new RunCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(importRuns.columns(absent.runId())).isEmpty();
    }

    @Test
    void absentUsersOnASchoolFeedChangeNothing() {
        // given
        importFile("oneroster-washington", oneRoster("bulk", "u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,\n"),
                false, false);

        // when
        ImportRun absent = importFile("oneroster-washington", ExportZips.zip(Map.of("manifest.csv",
                ExportZips.manifest("absent"))), false, false);

        // then
        assertThat(absent.counts().deactivated()).isZero();
        assertThat(absent.counts().missing()).isZero();
        assertThat(account("u1")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void customColumnMapIsReportedWithTheIgnoredColumns() {
        // when: shelby-upload maps student-id to "Local ID" and grade to "Gr"
        ImportRun run = importFile("shelby-upload", """
                Local ID,First Name,Last Name,Gr,Notes,Student ID
                L-1,Ann,Lee,9,likes chess,999
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("shelbyville", "L-1")).containsEntry("grade", "9");
        assertThat(importRuns.columns(run.runId())).hasValueSatisfying(columns -> {
            assertThat(columns.mapped()).containsExactly(Map.entry("student-id", "Local ID"),
                    Map.entry("first-name", "First Name"), Map.entry("last-name", "Last Name"),
                    Map.entry("grade", "Gr"));
            assertThat(columns.ignored()).containsExactly("Notes", "Student ID");
        });
    }

    @Test
    void noBreakSpacesAroundStudentIdsNeitherCreateNorDeactivateAnyone() {
        // given: three students at Lincoln
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1001,Ann,Lee,3\n1002,Bo,Chen,3\n"
                + "1003,Cy,Diaz,4\n");

        // when: the same roster, pasted into Excel from a web page: no-break spaces around its values
        ImportRun run = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n"
                + "1001\u00A0,Ann,Lee,3\n\u00A01002,Bo\u00A0,Chen,3\n1003\u202F,Cy,Diaz,\u00A04\n");

        // then: the same three students, unchanged; nobody new, nobody gone
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 0, 0, 0, 0, 3, 0, 0, 0, 0));
        assertThat(accountCount()).isEqualTo(3);
        assertThat(account("1001")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void runReportInTheApiCarriesTheColumnMap() throws IOException {
        // given
        ImportRun run = importFile("clever-district", read("clever-students.csv"), false, false);

        // when
        JsonNode json = ApiClient.as(port, "admin", "admin-secret").get("/api/runs/" + run.runId()).json();

        // then: the contract's fields stay where they were
        assertThat(json.get("runId").asLong()).isEqualTo(run.runId());
        assertThat(json.get("counts").get("created").asInt()).isEqualTo(8);
        assertThat(json.get("columns").get("mapped").get("student-id").asString()).isEqualTo("Student_id");
        assertThat(json.get("columns").get("mapped").get("middle-initial").asString()).isEqualTo("Middle_name");
        assertThat(json.get("columns").get("ignored").toString()).contains("\"Race\"").contains("\"Password\"");
    }

    @Test
    void badOneRosterRowsAreRejectedNamingUsersCsvAndTheLine() {
        // when
        ImportRun run = importFile("oneroster-district", oneRoster("bulk", """
                u1,,,true,s-lincoln,student,,,Ann,Lee,,1001,,,,,03,
                u2,,,true,s-nowhere,student,,,Bo,Chen,,1002,,,,,03,
                u3,,,true,s-lincoln,pupil,,,Cy,Diaz,,1003,,,,,03,
                u4,,,true,s-lincoln,student,,,,Evans,,1004,,,,,03,
                """), false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts().created()).isEqualTo(1);
        assertThat(run.counts().rejected()).isEqualTo(3);
        List<RejectedRow> rejected = importRuns.rejectedRows(run.runId(), 0, 10);
        assertThat(rejected).extracting(RejectedRow::line, RejectedRow::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "orgSourcedIds"), org.assertj.core.groups.Tuple.tuple(4L, "role"),
                org.assertj.core.groups.Tuple.tuple(5L, "givenName"));
        assertThat(rejected.get(0).reason()).startsWith("users.csv line 3: orgSourcedIds 's-nowhere'")
                .contains("orgs.csv");
        assertThat(rejected.get(1).reason()).startsWith("users.csv line 4: role 'pupil'");
        assertThat(rejected.get(2).reason()).startsWith("users.csv line 5: givenName is empty");
    }

    @Test
    void badExportsAndFilesFailWithWhatToFix() {
        // when
        ImportRun notZip = importFile("oneroster-washington", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");
        ImportRun damaged = importFile("oneroster-washington", new byte[] { 'P', 'K', 3, 4, 1, 2, 3 }, false, false);
        ImportRun noHeader = importFile("oneroster-washington", ExportZips.zip(Map.of("manifest.csv",
                ExportZips.manifest("bulk"), "orgs.csv", ORGS, "users.csv",
                "sourcedId,role,givenName,grades\nu1,student,Ann,03\n")), false, false);
        ImportRun cleverHeader = importFile("clever-district", """
                School_id,First_name,Last_name,Grade
                101,Ann,Lee,3
                """);
        ImportRun cleverRow = importFile("clever-district", """
                School_id,Student_id,First_name,Last_name,Grade,DOB
                101,1,Ann,Lee,3,04/12/2017
                101,2,Bo,Chen,Sophomore,
                101,3,Cy,Diaz,4,2017-13-01
                """);

        // then
        assertThat(notZip.status()).isEqualTo(RunStatus.FAILED);
        assertThat(notZip.message()).contains("not a zip archive").endsWith("Nothing was changed.");
        assertThat(damaged.message()).contains("zip archive is damaged");
        assertThat(noHeader.message()).startsWith("users.csv line 1: required column familyName is missing");
        assertThat(cleverHeader.message()).startsWith("line 1: required Clever column Student_id is missing");
        assertThat(accountCount()).isEqualTo(1);
        assertThat(importRuns.rejectedRows(cleverRow.runId(), 0, 10))
                .extracting(RejectedRow::line, RejectedRow::column).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "Grade"), org.assertj.core.groups.Tuple.tuple(4L, "DOB"));
    }

    @Test
    void aWithdrawnStudentWithATooLongIdIsRejectedNotACrash() {
        // given
        importFile("oneroster-washington", oneRoster("bulk", "u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,\n"),
                false, false);
        String longId = "u-" + "x".repeat(60);

        // when: a delta withdraws a student whose sourcedId is longer than any Student ID can be
        ImportRun delta = importFile("oneroster-washington", oneRoster("delta", """
                u1,active,,true,s-washington,student,,,Ann,Lee,,1001,,,,,04,
                %s,tobedeleted,,true,s-washington,student,,,Bo,Chen,,1002,,,,,03,
                """.formatted(longId)), false, false);

        // then: the good row applies and the bad one is rejected naming users.csv line 3
        assertThat(delta.message()).doesNotContain("stopped unexpectedly");
        assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(importRuns.rejectedRows(delta.runId(), 0, 10)).singleElement()
                .satisfies(row -> assertThat(row.line()).isEqualTo(3L));
        assertThat(account("u1")).containsEntry("grade", "4");
    }

    @Test
    void aNulCharacterInAOneRosterValueRejectsTheRow() {
        // when
        ImportRun run = importFile("oneroster-washington", oneRoster("bulk", """
                u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,
                u2,,,true,s-washington,student,,,B\u0000o,Chen,,1002,,,,,03,
                """), false, false);

        // then
        assertThat(run.message()).doesNotContain("stopped unexpectedly");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).singleElement()
                .satisfies(row -> assertThat(row.line()).isEqualTo(3L));
    }

    @Test
    void aOneRosterFileThatIsNotTextFailsNamingItsLineAndTheRunEnds() {
        // when: users.csv with control bytes in its header, and users.csv with a byte that is not UTF-8 on line 3
        ImportRun binary = importFile("oneroster-washington", ExportZips.zip(Map.of("manifest.csv",
                ExportZips.manifest("bulk"), "orgs.csv", ORGS, "users.csv", "a\u0000b\n")), false, false);
        byte[] latin1 = (USERS + "u1,,,true,s-washington,student,,,Ann,Lee,,1001,,,,,03,\n"
                + "u2,,,true,s-washington,student,,,Ren\u00E9e,Chen,,1002,,,,,03,\n").getBytes(StandardCharsets.ISO_8859_1);
        ImportRun notUtf8 = importFile("oneroster-washington", ExportZips.zipBytes(Map.of("manifest.csv",
                ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8), "orgs.csv",
                ORGS.getBytes(StandardCharsets.UTF_8), "users.csv", latin1)), false, false);

        // then: both end FAILED (a message holding the NUL could not be stored, and the run stayed RUNNING)
        assertThat(binary.status()).isEqualTo(RunStatus.FAILED);
        assertThat(binary.message()).startsWith("users.csv line 1: the file contains binary data");
        assertThat(notUtf8.status()).isEqualTo(RunStatus.FAILED);
        assertThat(notUtf8.message()).startsWith("users.csv line 3: the file is not UTF-8 text")
                .doesNotContain("unexpectedly");
    }

    private byte[] oneRoster(String mode, String users) {
        return ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest(mode), "orgs.csv", ORGS, "users.csv",
                USERS + users));
    }

    /** The accounts a STANDARD file makes, then a clean slate for the format under test. */
    private List<Map<String, Object>> accountsAfter(String feedId, byte[] file, String fields) {
        ImportRun run = importFile(feedId, file, false, false);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        List<Map<String, Object>> accounts = accounts(fields);
        assertThat(accounts).hasSize(8);
        for (String table : new String[] { "account_event", "planned_change", "student_account" }) {
            jdbc.update("DELETE FROM " + table);
        }
        return accounts;
    }

    private List<Map<String, Object>> accounts(String fields) {
        return jdbc.queryForList("SELECT " + fields + " FROM student_account ORDER BY student_id");
    }

    private static byte[] read(String sample) throws IOException {
        return Files.readAllBytes(SAMPLES.resolve(sample));
    }
}
