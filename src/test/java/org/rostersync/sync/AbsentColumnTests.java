package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.ExportZips;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * A column that disappears from a roster never wipes data: a field the file has no column for (or none the feed's
 * {@code columns} maps) keeps its stored values, where an empty cell in a column that is there clears one; in the plan
 * (no UPDATE for an absent field), the apply, a dry run, the unchanged-file shortcut, for STANDARD, CLEVER and ONEROSTER
 * files; and the run's report names the fields kept and its message warns about a column the last good file had. Runs
 * on H2 and on PostgreSQL.
 */
abstract class AbsentColumnTests extends DatabaseTestSupport {

    static final String FULL_HEADER = "Student ID,First Name,Last Name,Grade,Middle Initial,Birth Date,Student Email,"
            + "Guardian Email,Gender,Home Room,Reference ID\n";

    /** Three Lincoln students with every optional field. */
    static final String FULL = FULL_HEADER + """
            1,Ann,Lee,3,M,2017-04-12,ann@k12.example,lee@example.org,F,Room 4,ST1
            2,Bo,Chen,3,J,2017-05-01,bo@k12.example,chen@example.org,M,Room 4,ST2
            3,Zoë,Núñez,4,É,2016-01-20,zoe@k12.example,nunez@example.org,M,"Room\t5, B",ST3
            """;

    static final List<String> ALL_OPTIONAL = List.of("middle-initial", "birth-date", "student-email",
            "guardian-email", "gender", "home-room", "reference-id");

    @LocalServerPort
    int port;

    @Test
    void aFileWithoutStudentEmailKeepsEveryStoredEmail() {
        // given
        ImportRun full = importFile("lincoln-upload", FULL);
        assertThat(full.status()).isEqualTo(RunStatus.COMPLETED);

        // when: the export stops sending Student Email, and Bo and Zoë move up a grade
        ImportRun withoutEmail = importFile("lincoln-upload", """
                Student ID,First Name,Last Name,Grade,Middle Initial,Birth Date,Guardian Email,Gender,Home Room,Reference ID
                1,Ann,Lee,3,M,2017-04-12,lee@example.org,F,Room 4,ST1
                2,Bo,Chen,4,J,2017-05-01,chen@example.org,M,Room 4,ST2
                3,Zoë,Núñez,5,É,2016-01-20,nunez@example.org,M,"Room\t5, B",ST3
                """);

        // then: every email stays, only Bo and Zoë are updated, and the report and the message say why
        assertThat(withoutEmail.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(withoutEmail.counts()).isEqualTo(new RunCounts(3, 0, 2, 0, 0, 1, 0, 0, 0, 0));
        assertThat(emails()).containsExactly("ann@k12.example", "bo@k12.example", "zoe@k12.example");
        assertThat(account("2")).containsEntry("grade", "4");
        assertThat(actions(withoutEmail)).containsExactly("1 UNCHANGED", "2 UPDATE", "3 UPDATE");
        assertThat(importRuns.columns(withoutEmail.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .containsExactly("student-email"));
        assertThat(withoutEmail.message()).contains("Warning: the file has no Student Email column, which the file of"
                + " run " + full.runId() + " (the feed's last good run) had")
                .contains("stored values of that field are kept, not cleared");

        // and the complete file again, with the new grades, finds everyone as they are: the updated accounts' digests
        // are those of the values they hold
        ImportRun again = importFile("lincoln-upload", FULL.replace("2,Bo,Chen,3", "2,Bo,Chen,4")
                .replace("3,Zoë,Núñez,4", "3,Zoë,Núñez,5"));
        assertThat(again.counts()).isEqualTo(new RunCounts(3, 0, 0, 0, 0, 3, 0, 0, 0, 0));
        assertThat(again.message()).doesNotContain("Warning");
        assertThat(importRuns.columns(again.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .isEmpty());
    }

    @Test
    void anEmptyCellInAPresentColumnClearsTheValue() {
        // given
        importFile("lincoln-upload", FULL);

        // when: Ann's email cell is empty
        ImportRun run = importFile("lincoln-upload", FULL.replace("ann@k12.example", ""));

        // then
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 0, 1, 0, 0, 2, 0, 0, 0, 0));
        assertThat(emails()).containsExactly(null, "bo@k12.example", "zoe@k12.example");
        assertThat(actions(run)).containsExactly("1 UPDATE", "2 UNCHANGED", "3 UNCHANGED");
        assertThat(run.message()).doesNotContain("Warning");
    }

    @Test
    void aFileWithOnlyTheRequiredColumnsKeepsEveryOptionalFieldInADryRunAndARealOne() {
        // given
        ImportRun full = importFile("lincoln-upload", FULL);
        List<String> before = optionalFields();
        String required = """
                Student ID,First Name,Last Name,Grade
                1,Ann,Lee,3
                2,Bo,Chen,3
                3,Zoë,Núñez,4
                """;

        // when: a dry run of the file with only the required columns
        ImportRun dry = importFile("lincoln-upload", required.getBytes(StandardCharsets.UTF_8), true, false);

        // then: it would change nobody
        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(dry.counts()).isEqualTo(new RunCounts(3, 0, 0, 0, 0, 3, 0, 0, 0, 0));
        assertThat(actions(dry)).containsExactly("1 UNCHANGED", "2 UNCHANGED", "3 UNCHANGED");
        assertThat(dry.message()).startsWith("Dry run").contains("Warning: the file has no Middle Initial, Birth Date,"
                + " Student Email, Guardian Email, Gender, Home Room, Reference ID columns, which the file of run "
                + full.runId());

        // when: the real run
        ImportRun real = importFile("lincoln-upload", required);

        // then: every optional field of every student is as it was, and the report names them all as kept
        assertThat(real.counts()).isEqualTo(new RunCounts(3, 0, 0, 0, 0, 3, 0, 0, 0, 0));
        assertThat(optionalFields()).isEqualTo(before);
        assertThat(importRuns.columns(real.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .containsExactlyElementsOf(ALL_OPTIONAL));
        assertThat(real.message()).contains("which the file of run " + full.runId());
    }

    @Test
    void theRunReportAndChangesOverHttpNameTheKeptFieldsAndNoChange() {
        // given
        importFile("lincoln-upload", FULL);

        // when
        ImportRun run = importFile("lincoln-upload", """
                Student ID,First Name,Last Name,Grade,Student Email,Gender
                1,Ann,Lee,3,ann@k12.example,F
                2,Bo,Chen,3,bo@k12.example,M
                3,Zoë,Núñez,4,zoe@k12.example,M
                """);
        ApiClient.Response answer = ApiClient.as(port, "admin", "admin-secret").get("/api/runs/" + run.runId());

        // then
        assertThat(answer.status()).isEqualTo(200);
        JsonNode columns = answer.json().get("columns");
        List<String> kept = new java.util.ArrayList<>();
        columns.get("kept").forEach(field -> kept.add(field.asString()));
        assertThat(kept)
                .containsExactly("middle-initial", "birth-date", "guardian-email", "home-room", "reference-id");
        assertThat(columns.get("mapped").get("student-email").asString()).isEqualTo("Student Email");
        List<String> actions = new java.util.ArrayList<>();
        ApiClient.as(port, "admin", "admin-secret").get("/api/runs/" + run.runId() + "/changes").json()
                .forEach(change -> actions.add(change.get("studentId").asString() + " "
                        + change.get("action").asString()));
        assertThat(actions).containsExactlyInAnyOrder("1 UNCHANGED", "2 UNCHANGED", "3 UNCHANGED");
    }

    @Test
    void aColumnTheFeedMapsAwayKeepsTheStoredValues() {
        // given: the feed reads Student Email from its own header, School Email
        ImportRun mapped = importFile("jefferson-mapped-email", """
                Student ID,First Name,Last Name,Grade,School Email
                1,Ann,Lee,3,ann@k12.example
                2,Bo,Chen,3,bo@k12.example
                """);
        assertThat(emails()).containsExactly("ann@k12.example", "bo@k12.example");

        // when: a file whose email column is not the one the feed maps
        ImportRun run = importFile("jefferson-mapped-email", """
                Student ID,First Name,Last Name,Grade,Student Email
                1,Ann,Lee,3,
                2,Bo,Chen,3,other@k12.example
                """);

        // then: that column is ignored and the emails stay
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 0, 0, 0, 0, 2, 0, 0, 0, 0));
        assertThat(emails()).containsExactly("ann@k12.example", "bo@k12.example");
        assertThat(importRuns.columns(run.runId())).hasValueSatisfying(columns -> {
            assertThat(columns.ignored()).containsExactly("Student Email");
            assertThat(columns.kept()).contains("student-email");
        });
        assertThat(run.message()).contains("no Student Email column, which the file of run " + mapped.runId());
    }

    @Test
    void cleverFileWithoutOptionalColumnsKeepsTheirValues() {
        // given
        importFile("clever-washington", """
                school_id,student_number,state_id,first_name,middle_name,last_name,grade,gender,dob,student_email,contact_email
                102,24-0001,ST1,Ann,Marie,Lee,3,F,02/03/2017,ann@k12.example,lee@example.org
                102,24-0002,ST2,Bo,,Chen,3,M,05/01/2017,bo@k12.example,chen@example.org
                """);
        List<String> before = optionalFields();

        // when: Clever's export comes without DOB, Student_email and Contact_email; Bo's gender is cleared
        ImportRun run = importFile("clever-washington", """
                school_id,student_number,state_id,first_name,middle_name,last_name,grade,gender
                102,24-0001,ST1,Ann,Marie,Lee,3,F
                102,24-0002,ST2,Bo,,Chen,3,
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 0, 1, 0, 0, 1, 0, 0, 0, 0));
        assertThat(optionalFields()).containsExactly(before.get(0),
                before.get(1).replace("|M|", "|null|"));
        assertThat(account("24-0001")).containsEntry("email", "ann@k12.example")
                .containsEntry("guardian_email", "lee@example.org");
        assertThat(importRuns.columns(run.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .containsExactly("birth-date", "student-email", "guardian-email", "home-room"));
    }

    @Test
    void oneRosterExportKeepsTheFieldsItDoesNotCarry() {
        // given: Washington's students from a STANDARD file with every field
        importFile("washington-upload", FULL_HEADER + """
                u1,Ann,Lee,3,M,2017-04-12,ann@k12.example,lee@example.org,F,Room 4,ST1
                u2,Bo,Chen,3,J,2017-05-01,bo@k12.example,chen@example.org,M,Room 4,ST2
                """);
        List<String> before = optionalFields();

        // when: a OneRoster export (no birth date, guardian email, gender, home room or state id) names them
        ImportRun run = importFile("oneroster-washington", ExportZips.zip(Map.of("manifest.csv",
                ExportZips.manifest("bulk"), "orgs.csv", RosterFormatTests.ORGS, "users.csv", RosterFormatTests.USERS
                        + """
                        u1,,,true,s-washington,student,,,Ann,Lee,Maria,1001,ann@k12.example,,,,03,
                        u2,,,true,s-washington,student,,,Bo,Chen,James,1002,,,,,03,
                        """)), false, false);

        // then: only Bo's email, whose cell is empty, changes; everything OneRoster does not carry stays
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 0, 1, 0, 0, 1, 0, 0, 0, 0));
        assertThat(optionalFields()).containsExactly(before.get(0),
                before.get(1).replace("bo@k12.example", "null"));
        assertThat(importRuns.columns(run.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .containsExactly("birth-date", "guardian-email", "gender", "home-room", "reference-id"));
    }

    @Test
    void aHeldTransferApprovedLaterKeepsTheFieldsItsFileLacked() throws Exception {
        // given: Washington's Eve with every field, and a Lincoln admin's file without the optional columns that
        // takes her to Lincoln: a move out of a school that admin cannot see waits for a district admin
        importFile("washington-upload", FULL_HEADER
                + "5,Eve,Fox,6,R,2013-08-30,eve@k12.example,fox@example.org,F,Room 9,ST5\n");
        List<String> before = optionalFields();
        ImportRun held = awaitRun(importRuns.upload("lincoln-upload", new java.io.ByteArrayInputStream(
                "Student ID,First Name,Last Name,Grade\n5,Eve,Fox,7\n".getBytes(StandardCharsets.UTF_8)),
                "lincoln-admin", List.of("lincoln"), false, false));
        assertThat(held.status()).isEqualTo(RunStatus.HELD);

        // when
        importRuns.approve(held.runId(), "admin");

        // then: she moved with her new grade and kept every field the file had no column for
        assertThat(account("5")).containsEntry("school_id", "lincoln").containsEntry("grade", "7");
        assertThat(optionalFields()).isEqualTo(before);

        // and a complete file with those values finds her unchanged
        ImportRun full = importFile("lincoln-upload", FULL_HEADER
                + "5,Eve,Fox,7,R,2013-08-30,eve@k12.example,fox@example.org,F,Room 9,ST5\n");
        assertThat(full.counts().unchanged()).isEqualTo(1);
    }

    @Test
    void warnsOnlyWhenTheFeedsLastGoodFileHadTheColumn() {
        // given: the feed's first file has no Student Email: no earlier file to compare with
        ImportRun first = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");
        assertThat(first.message()).doesNotContain("Warning");

        // when: a file with it, then a dry run and a real run without it
        ImportRun withEmail = importFile("lincoln-upload",
                "Student ID,First Name,Last Name,Grade,Student Email\n1,Ann,Lee,3,ann@k12.example\n");
        byte[] without = "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n".getBytes(StandardCharsets.UTF_8);
        ImportRun dry = importFile("lincoln-upload", without, true, false);
        ImportRun real = importFile("lincoln-upload", without, false, false);
        ImportRun next = importFile("lincoln-upload", without, false, false);

        // then: the file with it says nothing; both runs after it warn about it (a dry run is no good file); the one
        // after those compares with a good file that had no Student Email either
        assertThat(withEmail.message()).doesNotContain("Warning");
        assertThat(dry.message()).contains("Warning: the file has no Student Email column, which the file of run "
                + withEmail.runId());
        assertThat(real.message()).contains("Warning: the file has no Student Email column, which the file of run "
                + withEmail.runId());
        assertThat(next.message()).doesNotContain("Warning");
        assertThat(account("1")).containsEntry("email", "ann@k12.example");
    }

    @Test
    void anUnchangedFileWithoutAColumnReusesThePlanAndStillKeepsTheValues() {
        // given: a large school file with emails, then the same students without the column
        StringBuilder withEmail = new StringBuilder("Student ID,First Name,Last Name,Grade,Home Room,Student Email\n");
        StringBuilder withoutEmail = new StringBuilder("Student ID,First Name,Last Name,Grade,Home Room\n");
        for (int i = 0; i < 13_000; i++) {
            // long names: the shortcut is only taken for files over 1 MB
            String student = (100_000 + i) + ",Kid" + "y".repeat(20) + ",No" + i + "x".repeat(30) + "," + (i % 12 + 1);
            withEmail.append(student).append(",Room ").append(i % 40).append(",student").append(i)
                    .append("@students.springfield.example\n");
            withoutEmail.append(student).append(",Room ").append(i % 40).append('\n');
        }
        byte[] file = withoutEmail.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(file.length).isGreaterThan(1_000_000);
        importFile("lincoln-upload", withEmail.toString().getBytes(StandardCharsets.UTF_8), false, false);
        ImportRun read = importFile("lincoln-upload", file, false, false);
        assertThat(read.counts().unchanged()).isEqualTo(13_000);

        // when: the same file again
        ImportRun reused = importFile("lincoln-upload", file, false, false);

        // then: its plan is the last run's, nobody changes, the emails stay, and the report still names them as kept
        assertThat(reused.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(reused.message()).contains("not read again");
        assertThat(reused.counts()).isEqualTo(new RunCounts(13_000, 0, 0, 0, 0, 13_000, 0, 0, 0, 0));
        assertThat(account("100007")).containsEntry("email", "student7@students.springfield.example")
                .containsEntry("home_room", "Room 7");
        assertThat(importRuns.columns(reused.runId())).hasValueSatisfying(columns -> assertThat(columns.kept())
                .contains("student-email").doesNotContain("home-room"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE email IS NULL", Integer.class))
                .isZero();
    }

    /** Every account's email, by Student ID. */
    private List<String> emails() {
        return jdbc.queryForList("SELECT email FROM student_account ORDER BY student_id", String.class);
    }

    /** Every account's optional fields, joined with {@code |}, by Student ID. */
    private List<String> optionalFields() {
        return jdbc.query("""
                SELECT middle_initial, CAST(birth_date AS VARCHAR(10)) AS birth_date, email, guardian_email, gender,
                       home_room, reference_id, origin
                  FROM student_account ORDER BY student_id""",
                (rs, n) -> String.join("|", String.valueOf(rs.getString(1)), String.valueOf(rs.getString(2)),
                        String.valueOf(rs.getString(3)), String.valueOf(rs.getString(4)),
                        String.valueOf(rs.getString(5)), String.valueOf(rs.getString(6)),
                        String.valueOf(rs.getString(7))));
    }

    /** The run's plan as "studentId ACTION", by Student ID. */
    private List<String> actions(ImportRun run) {
        return importRuns.changes(run.runId(), null, 0, 100).stream()
                .map(change -> change.studentId() + " " + change.action())
                .sorted()
                .toList();
    }
}
