package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;

/**
 * Files past the size where the engine's shortcuts start (about 1 MB): staging by COPY on PostgreSQL, and an
 * unchanged file that reuses its last run's plan only while nothing else changed the accounts. Runs on H2 and on
 * PostgreSQL (see the two subclasses).
 */
abstract class LargeFileTests extends DatabaseTestSupport {

    private static final int STUDENTS = 13_000;

    /** A school file of 13,000 students (just over 1 MB), without the students in {@code absent}. */
    private static byte[] schoolFile(int... absent) {
        return schoolFileAfter(0, absent);
    }

    /** The same, every student {@code years} grades further on. */
    private static byte[] schoolFileAfter(int years, int... absent) {
        StringBuilder csv = new StringBuilder("Student ID,First Name,Last Name,Grade,Student Email,Home Room\n");
        for (int i = 0; i < STUDENTS; i++) {
            int student = i;
            if (java.util.Arrays.stream(absent).anyMatch(a -> a == student)) {
                continue;
            }
            // tabs and backslashes must survive COPY's text format
            csv.append(100_000 + i).append(",Zoë-").append(i % 97).append(",O'Brien\\Núñez,")
                    .append(i % 12 + 1 + years).append(",student").append(i).append("@students.springfield.example,")
                    .append("\"Room\t").append(i % 40).append("\"\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoSchoolsFirstImportsPlannedSideBySideEachGetOnlyTheirOwnStudents() throws Exception {
        // given: two schools' files with different students and names
        byte[] lincoln = schoolFile();
        byte[] washington = washingtonFile(0);
        // when: both files are uploaded at once and planned side by side
        ImportRun[] runs = importSideBySide(lincoln, washington);
        ImportRun lincolnRun = runs[0];
        ImportRun washingtonRun = runs[1];

        // then: each school got exactly its own file's students
        assertThat(lincolnRun.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(washingtonRun.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(lincolnRun.counts().created()).isEqualTo(STUDENTS);
        assertThat(washingtonRun.counts().created()).isEqualTo(STUDENTS);
        assertThat(accountCount()).isEqualTo(2 * STUDENTS);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM student_account
                 WHERE school_id = 'lincoln' AND student_id LIKE '1%' AND first_name LIKE 'Zoë-%'""", Integer.class))
                .isEqualTo(STUDENTS);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM student_account
                 WHERE school_id = 'washington' AND student_id LIKE '2%' AND first_name LIKE 'Ada-%'""",
                Integer.class)).isEqualTo(STUDENTS);
        assertThat(account("200007")).containsEntry("first_name", "Ada-7").containsEntry("home_room", "Room\t7");
    }

    @Test
    void twoSchoolsNewYearsPlannedSideBySideEachUpdateOnlyTheirOwnStudents() throws Exception {
        // given: both schools imported
        importFile("lincoln-upload", schoolFile(), false, false);
        importFile("washington-upload", washingtonFile(0), false, false);

        // when: every student of both schools moves up a grade, and the two files are planned side by side
        ImportRun[] runs = importSideBySide(schoolFileAfter(1), washingtonFile(1));

        // then: each run updated its own school's students from their own lines
        for (ImportRun run : runs) {
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(run.counts()).isEqualTo(new RunCounts(STUDENTS, 0, STUDENTS, 0, 0, 0, 0, 0, 0, 0));
        }
        assertThat(account("100007")).containsEntry("grade", "9").containsEntry("school_id", "lincoln");
        assertThat(account("200007")).containsEntry("grade", "9").containsEntry("school_id", "washington")
                .containsEntry("first_name", "Ada-7");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM student_account
                 WHERE CAST(grade AS INT) = MOD(MOD(CAST(student_id AS INT), 100000), 12) + 2""", Integer.class))
                .isEqualTo(2 * STUDENTS);
    }

    /** Washington's file: Lincoln's with other Student IDs and first names. */
    private static byte[] washingtonFile(int years) {
        return new String(schoolFileAfter(years), StandardCharsets.UTF_8)
                .replaceAll("(?m)^1(\\d{5}),Zoë-", "2$1,Ada-").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Uploads Lincoln's and Washington's files at once while another writer holds the username lock, so that the
     * server's two import threads load and plan them side by side and both runs wait to apply, each with its rows in
     * staging and in the plan; then lets them go and waits for both.
     */
    private ImportRun[] importSideBySide(byte[] lincoln, byte[] washington) throws Exception {
        long[] runs = new long[2];
        asAnotherWriter(statement -> {
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();
            runs[0] = importRuns.upload("lincoln-upload", new ByteArrayInputStream(lincoln), "test", false, false);
            runs[1] = importRuns.upload("washington-upload", new ByteArrayInputStream(washington), "test", false,
                    false);
            awaitBlockedSessions("SELECT id FROM username_lock", 2);
        });
        return new ImportRun[] { awaitRun(runs[0]), awaitRun(runs[1]) };
    }

    @Test
    void aNewSchoolYearUpdatesEveryStudentFromTheirOwnLine() {
        // given
        importFile("lincoln-upload", schoolFile(), false, false);

        // when: every student moves up a grade
        ImportRun rollover = importFile("lincoln-upload", schoolFileAfter(1), false, false);

        // then: each account took the values of its own line
        assertThat(rollover.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rollover.counts().updated()).isEqualTo(STUDENTS);
        assertThat(account("100007")).containsEntry("grade", "9").containsEntry("home_room", "Room\t7")
                .containsEntry("email", "student7@students.springfield.example");
        assertThat(account("112999")).containsEntry("grade", "5").containsEntry("first_name", "Zoë-1");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM student_account
                 WHERE CAST(grade AS INT) = MOD(CAST(student_id AS INT) - 100000, 12) + 2""", Integer.class))
                .isEqualTo(STUDENTS);
    }

    @Test
    void unchangedFileSkipsReadingUntilAnAccountChanges() {
        // given
        byte[] file = schoolFile();
        assertThat(file.length).isGreaterThan(1_000_000);
        ImportRun first = importFile("lincoln-upload", file, false, false);
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(first.counts().created()).isEqualTo(STUDENTS);
        assertThat(account("100007")).containsEntry("last_name", "O'Brien\\Núñez").containsEntry("home_room",
                "Room\t7");

        // when: the same file again
        ImportRun again = importFile("lincoln-upload", file, false, false);

        // then: nothing read, everyone unchanged
        assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(again.message()).contains("not read again");
        assertThat(again.counts()).isEqualTo(new RunCounts(STUDENTS, 0, 0, 0, 0, STUDENTS, 0, 0, 0, 0));

        // when: someone else changed an account since, and the same file comes a third time
        jdbc.update("UPDATE student_account SET grade = '9', row_hash = 'edited' WHERE student_id = '100005'");
        ImportRun third = importFile("lincoln-upload", file, false, false);

        // then: the file is read and the roster wins again
        assertThat(third.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(third.message()).doesNotContain("not read again");
        assertThat(third.counts().updated()).isEqualTo(1);
        assertThat(third.counts().unchanged()).isEqualTo(STUDENTS - 1);
        assertThat(account("100005")).containsEntry("grade", "6");
    }

    @Test
    void unchangedFileStillEndsGraceWindows() {
        // given: student 100003 left jefferson's file, inside the feed's three-day grace window
        importFile("jefferson-grace", schoolFile(), false, false);
        byte[] without = schoolFile(3);
        ImportRun missing = importFile("jefferson-grace", without, false, false);
        assertThat(missing.counts().missing()).isEqualTo(1);

        // when: the same file the next day
        clock.advance(Duration.ofDays(1));
        ImportRun nextDay = importFile("jefferson-grace", without, false, false);

        // then: the plan is reused and the student is still only missing
        assertThat(nextDay.message()).contains("not read again");
        assertThat(nextDay.counts().missing()).isEqualTo(1);
        assertThat(account("100003")).containsEntry("status", "PENDING_ACTIVATION");

        // when: the same file three days later, past the window
        clock.advance(Duration.ofDays(3));
        ImportRun later = importFile("jefferson-grace", without, false, false);

        // then: the plan is reused and the student deactivated
        assertThat(later.message()).contains("not read again");
        assertThat(later.counts().deactivated()).isEqualTo(1);
        assertThat(account("100003")).containsEntry("status", "DEACTIVATED");
    }
}
