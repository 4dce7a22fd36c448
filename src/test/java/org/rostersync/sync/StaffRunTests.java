package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.ExportZips;
import org.rostersync.support.TestSftpServer;
import org.rostersync.support.Waiting;

/**
 * Staff records from the roster through the one import job: school-level files deactivate the staff missing from
 * their school, district-level files never do, the guards hold a file missing most of a school, runs revert, bad rows
 * are rejected with line, column and fix, and Clever's teachers.csv and OneRoster's users.csv give staff. Runs on H2
 * and on PostgreSQL.
 */
abstract class StaffRunTests extends DatabaseTestSupport {

    private static final String HEADER = "Staff ID,First Name,Last Name,Email,Role\n";
    private static final String DISTRICT_HEADER = "School ID,Staff ID,First Name,Last Name,Email,Role\n";

    @BeforeEach
    void cleanStaff() {
        for (String table : new String[] { "staff_account", "staged_staff", "staff_snapshot" }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    /** A staff member's record at a school: its columns, or an empty map when there is none. */
    private Map<String, Object> staff(String staffId, String schoolId) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM staff_account WHERE staff_id = ? AND school_id = ?", staffId, schoolId);
        assertThat(rows).as("staff %s at %s", staffId, schoolId).hasSizeLessThanOrEqualTo(1);
        Map<String, Object> row = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        rows.forEach(row::putAll);
        return row;
    }

    private int activeStaff(String schoolId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM staff_account WHERE school_id = ? AND status = 'ACTIVE'",
                Integer.class, schoolId);
    }

    @Test
    void aSchoolFileCreatesUpdatesAndDeactivatesTheStaffMissingFromItsSchool() {
        // given: Jefferson's staff file with two teachers and an administrator
        ImportRun first = importFile("jefferson-staff", HEADER + """
                T1,Edna,Krabappel,Edna.Krabappel@Springfield.example,Teacher
                T2,Elizabeth,Hoover,hoover@springfield.example,teacher
                A1,Seymour,Skinner,skinner@springfield.example,ADMINISTRATOR
                """);
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(first.counts().created()).isEqualTo(3);
        assertThat(staff("T1", "jefferson")).containsEntry("role", "TEACHER").containsEntry("status", "ACTIVE")
                .containsEntry("email_key", "edna.krabappel@springfield.example")
                .containsEntry("district_id", "springfield").containsEntry("feed_id", "jefferson-staff");
        assertThat(staff("A1", "jefferson")).containsEntry("role", "SCHOOL_ADMIN");

        // when: the next file renames one, leaves one out and adds one
        ImportRun next = importFile("jefferson-staff", HEADER + """
                T1,Edna,Flanders,edna.krabappel@springfield.example,teacher
                A1,Seymour,Skinner,skinner@springfield.example,administrator
                T3,Dewey,Largo,largo@springfield.example,teacher
                """);

        // then
        assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(next.counts().rows()).isEqualTo(3);
        assertThat(next.counts().created()).isEqualTo(1);
        assertThat(next.counts().updated()).isEqualTo(1);
        assertThat(next.counts().unchanged()).isEqualTo(1);
        assertThat(next.counts().deactivated()).isEqualTo(1);
        assertThat(staff("T1", "jefferson")).containsEntry("last_name", "Flanders");
        assertThat(staff("T2", "jefferson")).containsEntry("status", "DEACTIVATED");
        assertThat(staff("T2", "jefferson").get("deactivated_at")).isNotNull();
        assertThat(activeStaff("jefferson")).isEqualTo(3);
        assertThat(importRuns.staffRun(next.runId())).isTrue();
        assertThat(importRuns.changes(next.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .extracting(PlannedChange::studentId).containsExactly("T2");
        // no student account was touched
        assertThat(accountCount()).isZero();

        // when: T2 comes back
        ImportRun back = importFile("jefferson-staff", HEADER + "T2,Elizabeth,Hoover,hoover@springfield.example,teacher\n"
                + "T1,Edna,Flanders,edna.krabappel@springfield.example,teacher\n"
                + "A1,Seymour,Skinner,skinner@springfield.example,administrator\n"
                + "T3,Dewey,Largo,largo@springfield.example,teacher\n");

        // then
        assertThat(back.counts().reactivated()).isEqualTo(1);
        assertThat(staff("T2", "jefferson")).containsEntry("status", "ACTIVE");
        assertThat(staff("T2", "jefferson").get("deactivated_at")).isNull();
    }

    @Test
    void aStaffMemberAtTwoSchoolsLosesOnlyTheSchoolWhoseFileLeavesThemOut() {
        // given: a district file puts T1 at Jefferson and at Washington
        ImportRun district = importFile("springfield-staff", DISTRICT_HEADER + """
                103,T1,Ned,Flanders,ned@springfield.example,teacher
                102,T1,Ned,Flanders,ned@springfield.example,teacher
                103,T9,Otto,Mann,otto@springfield.example,teacher
                """);
        assertThat(district.counts().created()).isEqualTo(3);
        assertThat(staff("T1", "washington")).containsEntry("status", "ACTIVE");

        // when: Jefferson's own file no longer lists T1
        ImportRun jefferson = importFile("jefferson-staff", HEADER + "T9,Otto,Mann,otto@springfield.example,teacher\n");

        // then: T1 is no longer at Jefferson but still at Washington
        assertThat(jefferson.counts().deactivated()).isEqualTo(1);
        assertThat(staff("T1", "jefferson")).containsEntry("status", "DEACTIVATED");
        assertThat(staff("T1", "washington")).containsEntry("status", "ACTIVE");
    }

    @Test
    void aDistrictFileNeverDeactivatesStaff() {
        // given
        importFile("springfield-staff", DISTRICT_HEADER + """
                101,T1,Ned,Flanders,ned@springfield.example,teacher
                102,T2,Otto,Mann,otto@springfield.example,administrator
                """);

        // when: the next district file lacks T2
        ImportRun run = importFile("springfield-staff", DISTRICT_HEADER
                + "101,T1,Ned,Flanders,ned@springfield.example,teacher\n");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().deactivated()).isZero();
        assertThat(run.counts().missing()).isZero();
        assertThat(staff("T2", "washington")).containsEntry("status", "ACTIVE").containsEntry("role", "SCHOOL_ADMIN");
    }

    private static String adamsStaff(int from, int to) {
        return HEADER + IntStream.rangeClosed(from, to)
                .mapToObj(i -> "S" + i + ",Teacher" + (char) ('a' + i) + ",Adams" + i + ",t" + i + "@adams.example,teacher\n")
                .collect(Collectors.joining());
    }

    @Test
    void theGuardHoldsAStaffFileMissingMostOfASchoolUntilAnAdminApproves() {
        // given: Adams has 10 staff
        importFile("adams-staff-guarded", adamsStaff(1, 10));

        // when: a file with 2 of them (8 missing = 80% > 20%)
        ImportRun run = importFile("adams-staff-guarded", adamsStaff(1, 2));

        // then: nobody is deactivated until an admin approves
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.counts().held()).isEqualTo(8);
        assertThat(run.counts().deactivated()).isZero();
        assertThat(run.message()).contains("Held 8 deactivations").contains("8 of the 10 active");
        assertThat(activeStaff("adams")).isEqualTo(10);

        // when
        int deactivated = importRuns.approve(run.runId(), "admin");

        // then
        assertThat(deactivated).isEqualTo(8);
        ImportRun approved = importRuns.find(run.runId()).orElseThrow();
        assertThat(approved.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(approved.counts().deactivated()).isEqualTo(8);
        assertThat(approved.message()).startsWith("Approved by admin: 8 held deactivations applied.");
        assertThat(activeStaff("adams")).isEqualTo(2);
        // the students of Adams were never looked at
        assertThat(accountCount()).isZero();
    }

    @Test
    void aHeaderOnlyStaffFileFailsAndADryRunChangesNothing() {
        // given
        importFile("jefferson-staff", HEADER + "T1,Edna,Krabappel,edna@springfield.example,teacher\n");

        // when
        ImportRun empty = importFile("jefferson-staff", HEADER);
        ImportRun dry = importFile("jefferson-staff", (HEADER + "T2,Dewey,Largo,largo@springfield.example,teacher\n")
                .getBytes(StandardCharsets.UTF_8), true, false);

        // then
        assertThat(empty.status()).isEqualTo(RunStatus.FAILED);
        assertThat(empty.message()).contains("no staff rows");
        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(dry.counts().created()).isEqualTo(1);
        assertThat(dry.counts().deactivated()).isEqualTo(1);
        assertThat(staff("T1", "jefferson")).containsEntry("status", "ACTIVE");
        assertThat(staff("T2", "jefferson")).isEmpty();
    }

    @Test
    void aRevertPutsTheStaffBackAsTheyWereBeforeTheRun() {
        // given
        importFile("jefferson-staff", HEADER + """
                T1,Edna,Krabappel,edna@springfield.example,teacher
                T2,Elizabeth,Hoover,hoover@springfield.example,teacher
                """);
        ImportRun run = importFile("jefferson-staff", HEADER + """
                T1,Edna,Flanders,edna@springfield.example,administrator
                T3,Dewey,Largo,largo@springfield.example,teacher
                """);
        assertThat(staff("T2", "jefferson")).containsEntry("status", "DEACTIVATED");

        // when
        long revertRunId = importRuns.revert(run.runId(), "admin");

        // then: the rename and the new role undone, T2 back, T3 deactivated
        ImportRun revert = importRuns.find(revertRunId).orElseThrow();
        assertThat(revert.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(revert.message()).contains("2 accounts restored", "1 accounts it created deactivated");
        assertThat(importRuns.staffRun(revertRunId)).isTrue();
        assertThat(staff("T1", "jefferson")).containsEntry("last_name", "Krabappel").containsEntry("role", "TEACHER");
        assertThat(staff("T2", "jefferson")).containsEntry("status", "ACTIVE");
        assertThat(staff("T2", "jefferson").get("deactivated_at")).isNull();
        assertThat(staff("T3", "jefferson")).containsEntry("status", "DEACTIVATED");
        assertThat(accountCount()).isZero();
    }

    @Test
    void badStaffRowsAreRejectedWithLineColumnAndFixAndTheirStaffAreKept() {
        // given
        importFile("jefferson-staff", HEADER + "T1,Edna,Krabappel,edna@springfield.example,teacher\n");

        // when: T1's row has a bad email, and other rows are wrong in their own ways
        ImportRun run = importFile("jefferson-staff", "School ID," + HEADER + """
                103,T1,Edna,Krabappel,edna-at-springfield,teacher
                103,T2,Dewey,Largo,,teacher
                103,T3,Otto,Mann,otto@springfield.example,principal
                102,T4,Ned,Flanders,ned@springfield.example,teacher
                103,,Lisa,Simpson,lisa@springfield.example,teacher
                103,T6,Waylon,Smithers,smithers@springfield.example,administrator
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts().rejected()).isEqualTo(5);
        assertThat(run.counts().created()).isEqualTo(1);
        List<RejectedRow> rejected = importRuns.rejectedRows(run.runId(), 0, 10);
        assertThat(rejected).extracting(RejectedRow::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(rejected.get(0).column()).isEqualTo("Email");
        assertThat(rejected.get(0).reason()).contains("'edna-at-springfield' is not a valid email address");
        assertThat(rejected.get(1).column()).isEqualTo("Email");
        assertThat(rejected.get(1).reason()).contains("Email is empty; every row needs an Email");
        assertThat(rejected.get(2).column()).isEqualTo("Role");
        assertThat(rejected.get(2).reason()).contains("'principal' is not a staff role; write teacher or administrator");
        assertThat(rejected.get(3).column()).isEqualTo("School ID");
        assertThat(rejected.get(3).reason()).contains("'102' is not Jefferson High");
        assertThat(rejected.get(4).column()).isEqualTo("Staff ID");
        assertThat(rejected.get(4).reason()).contains("Staff ID is empty; every row needs a Staff ID");
        // T1's row was only wrongly written: T1 is still in the file and keeps their record
        assertThat(run.counts().deactivated()).isZero();
        assertThat(staff("T1", "jefferson")).containsEntry("status", "ACTIVE");
    }

    @Test
    void aStaffFileWithoutARoleColumnFailsNamingIt() {
        // when
        ImportRun run = importFile("jefferson-staff", "Staff ID,First Name,Last Name,Email\nT1,Edna,K,e@x.example\n");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("line 1: required column Role is missing from the header");
    }

    @Test
    void cleversTeachersCsvGivesTeachers() {
        // when
        ImportRun run = importFile("clever-staff-washington", """
                School_id,Teacher_id,Teacher_number,State_teacher_id,Last_name,First_name,Middle_name,Teacher_email,Title,Username,Password
                102,t-5001,5001,,Hoover,Elizabeth,,hoover@springfield.example,Ms.,ehoover,
                102,t-5002,5002,,Largo,Dewey,,LARGO@springfield.example,Mr.,dlargo,
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(2);
        assertThat(staff("t-5002", "washington")).containsEntry("role", "TEACHER")
                .containsEntry("email", "largo@springfield.example").containsEntry("first_name", "Dewey");
    }

    @Test
    void aCleverStaffFeedWaitsOutItsGraceWindowBeforeDeactivating() {
        // given: a Clever feed (3 days' grace) with two teachers
        String header = "School_id,Teacher_id,Last_name,First_name,Teacher_email\n";
        importFile("clever-staff-washington", header + "102,t-1,Hoover,Elizabeth,hoover@springfield.example\n"
                + "102,t-2,Largo,Dewey,largo@springfield.example\n");

        // when: Largo is missing, then missing again four days later
        ImportRun missing = importFile("clever-staff-washington",
                header + "102,t-1,Hoover,Elizabeth,hoover@springfield.example\n");
        clock.set(java.time.Instant.parse("2026-09-05T07:00:00Z"));
        ImportRun later = importFile("clever-staff-washington",
                header + "102,t-1,Hoover,Elizabeth,hoover@springfield.example\n");

        // then: marked missing first, deactivated once the window ended
        assertThat(missing.counts().missing()).isEqualTo(1);
        assertThat(missing.counts().deactivated()).isZero();
        assertThat(later.counts().deactivated()).isEqualTo(1);
        assertThat(staff("t-2", "washington")).containsEntry("status", "DEACTIVATED");
        assertThat(staff("t-1", "washington")).containsEntry("status", "ACTIVE");
    }

    @Test
    void oneRostersUsersCsvGivesTeachersAidesAndSchoolAdminsAtEachOfTheirSchools() {
        // when
        byte[] export = ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"),
                "orgs.csv", Files.ORGS, "users.csv", Files.USERS + """
                        u1,,,true,s-lincoln,student,,,Ann,Lee,,1001,,,,,03,
                        t1,,,true,"s-lincoln,s-washington",teacher,,,Edna,Krabappel,,T011,edna@springfield.example,,,,,
                        t2,,,true,s-washington,aide,,,Otto,Mann,,T012,otto@springfield.example,,,,,
                        a1,,,true,s-lincoln,administrator,,,Seymour,Skinner,,A013,skinner@springfield.example,,,,,
                        a2,,,true,d-springfield,administrator,,,Gary,Chalmers,,A014,chalmers@springfield.example,,,,,
                        t3,tobedeleted,,true,s-lincoln,teacher,,,Gone,Away,,T015,gone@springfield.example,,,,,
                        """));
        ImportRun run = importFile("oneroster-staff", export, false, false);

        // then: the student, the district office's administrator and the deleted teacher made no staff record
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(4);
        assertThat(staff("t1", "lincoln")).containsEntry("role", "TEACHER");
        assertThat(staff("t1", "washington")).containsEntry("role", "TEACHER");
        assertThat(staff("t2", "washington")).containsEntry("role", "TEACHER");
        assertThat(staff("a1", "lincoln")).containsEntry("role", "SCHOOL_ADMIN");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_account", Integer.class)).isEqualTo(4);
        assertThat(accountCount()).isZero();
    }

    @Test
    void aOneRosterFeedNamingBothRecordsReadsStudentsAndThenStaffFromOnePull() {
        // given: one export with a student, a teacher and an administrator
        byte[] export = ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"),
                "orgs.csv", Files.ORGS, "users.csv", Files.USERS + """
                        u1,,,true,s-lincoln,student,,,Ann,Lee,,1001,,,,,03,
                        t1,,,true,s-washington,teacher,,,Edna,Krabappel,,T011,edna@springfield.example,,,,,
                        a1,,,true,s-lincoln,administrator,,,Seymour,Skinner,,A013,skinner@springfield.example,,,,,
                        """));

        // when
        ImportRun students = importFile("oneroster-both", export, false, false);
        long staffRunId = Waiting.upTo(java.time.Duration.ofSeconds(60), "the staff run after run " + students.runId())
                .until(() -> jdbc.queryForList("SELECT id FROM import_run WHERE feed_id = 'oneroster-both' AND id > ?",
                        Long.class, students.runId()), ids -> !ids.isEmpty()).get(0);
        ImportRun staffRun = awaitRun(staffRunId);

        // then: two ordinary runs over the same file, each with its own report
        assertThat(students.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(importRuns.staffRun(students.runId())).isFalse();
        assertThat(students.counts().created()).isEqualTo(1);
        assertThat(account("u1")).containsEntry("school_id", "lincoln");
        assertThat(staffRun.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(importRuns.staffRun(staffRunId)).isTrue();
        assertThat(staffRun.counts().created()).isEqualTo(2);
        assertThat(staff("t1", "washington")).containsEntry("role", "TEACHER");
        assertThat(staff("a1", "lincoln")).containsEntry("role", "SCHOOL_ADMIN");
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT file_sha256) FROM import_run WHERE feed_id = ?",
                Integer.class, "oneroster-both")).isEqualTo(1);

        // when: the same export again: the student run is compared with the last student run, not the staff run
        ImportRun again = importFile("oneroster-both", export, false, false);

        // then
        assertThat(again.counts().unchanged()).isEqualTo(1);
        assertThat(again.counts().created()).isZero();
    }

    @Test
    void aCleverFeedNamingBothRecordsPullsCleversExportFolderOnceAndReadsStudentsThenTeachers() throws Exception {
        // given: Clever's export folder on a real SFTP server
        java.nio.file.Files.createDirectories(TestSftpServer.ROOT.resolve("clever-export"));
        TestSftpServer.put("clever-export/students.csv",
                java.nio.file.Files.readString(java.nio.file.Path.of("sample-imports", "clever-students.csv")));
        TestSftpServer.put("clever-export/teachers.csv",
                java.nio.file.Files.readString(java.nio.file.Path.of("sample-imports", "clever-teachers.csv")));

        // when
        ImportRun students = awaitRun(importRuns.pullNow("clever-both-sftp", "test"));
        ImportRun staffRun = awaitRun(Waiting.upTo(java.time.Duration.ofSeconds(60), "the staff run")
                .until(() -> jdbc.queryForList("SELECT id FROM import_run WHERE feed_id = 'clever-both-sftp' AND id > ?",
                        Long.class, students.runId()), ids -> !ids.isEmpty()).get(0));

        // then: the students from students.csv, the teachers from teachers.csv of the same download
        assertThat(students.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(students.counts().created()).isEqualTo(8);
        assertThat(staffRun.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(staffRun.counts().created()).isEqualTo(3);
        assertThat(staff("5e1f0c2a9b1f", "washington")).containsEntry("role", "TEACHER")
                .containsEntry("last_name", "Largo");
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT file_path) FROM import_run WHERE feed_id = ?",
                Integer.class, "clever-both-sftp")).isEqualTo(1);
    }

    /** A small OneRoster export's orgs and users header. */
    private static final class Files {

        static final String ORGS = """
                sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
                d-springfield,,,Springfield Unified,district,SPU,
                s-lincoln,,,Lincoln Elementary,school,101,d-springfield
                s-washington,,,Washington Middle,school,102,d-springfield
                """;

        static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
                + "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";
    }
}
