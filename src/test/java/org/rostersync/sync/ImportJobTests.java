package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;

/**
 * The import job end to end through the service: file in, accounts and report out. Runs on H2 and on PostgreSQL
 * (see the two subclasses).
 */
abstract class ImportJobTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade,Student Email\n";

    static final String FIRST = HEADER + """
            1001,José,Núñez,3,jose.nunez@springfield.example
            1002,Mary-Kate,O'Brien,4,
            1003,Zoë,Smith,K,
            1004,John,Smith,5,
            """;

    @org.springframework.beans.factory.annotation.Autowired
    private org.rostersync.account.AccountEvents accountEvents;

    @org.springframework.beans.factory.annotation.Autowired
    ImportProgress progress;

    @Test
    void progressOfAPulledRunCountsItsFileOnceTheFetchStepHasIt() {
        // given: a run in progress whose file is not there yet (a pulled run still in its fetch step)
        long runId = importFile("lincoln-upload", FIRST).runId();
        String file = jdbc.queryForObject("SELECT file_path FROM import_run WHERE id = ?", String.class, runId);
        jdbc.update("UPDATE import_run SET status = 'RUNNING', ended_at = NULL, file_path = NULL WHERE id = ?",
                runId);
        try {
            assertThat(progress.of(runId).orElseThrow().rowsExpected()).isNull();

            // when: the fetch step has stored the file
            jdbc.update("UPDATE import_run SET file_path = ? WHERE id = ?", file, runId);

            // then: the progress bar learns the file's size
            assertThat(progress.of(runId).orElseThrow().rowsExpected()).isEqualTo(4L);
        } finally {
            jdbc.update("UPDATE import_run SET status = 'COMPLETED' WHERE id = ?", runId);
        }
    }

    @Test
    void firstImportCreatesEveryoneWithoutPasswords() {
        // when
        ImportRun run = importFile("lincoln-upload", FIRST);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(4, 4, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(account("1001")).containsEntry("username", "jose.nunez").containsEntry("status",
                "PENDING_ACTIVATION").containsEntry("origin", "IMPORT").containsEntry("school_id", "lincoln")
                .containsEntry("first_name", "José").containsEntry("password_hash", null);
        assertThat(account("1002")).containsEntry("username", "marykate.obrien");
        assertThat(account("1003")).containsEntry("username", "zoe.smith");
        assertThat(importRuns.changes(run.runId(), null, 0, 100)).extracting(PlannedChange::action)
                .containsOnly(ChangeAction.CREATE);
    }

    @Test
    void secondFileGivesExactlyItsCreatesUpdatesAndDeactivations() {
        // given
        importFile("lincoln-upload", FIRST);

        // when: 1002 is gone, 1003 changed grade, 1005 is new
        ImportRun run = importFile("lincoln-upload", HEADER + """
                1001,José,Núñez,3,jose.nunez@springfield.example
                1003,Zoë,Smith,1,
                1004,John,Smith,5,
                1005,Ana,Lima,2,
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).isEqualTo(new RunCounts(4, 1, 1, 0, 0, 2, 0, 1, 0, 0));
        assertThat(account("1002")).containsEntry("status", "DEACTIVATED");
        assertThat(account("1003")).containsEntry("grade", "1").containsEntry("username", "zoe.smith");
        assertThat(account("1005")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(importRuns.changes(run.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .containsExactly(new PlannedChange("1002", "lincoln", ChangeAction.DEACTIVATE, false));
    }

    @Test
    void sameFileTwiceChangesNothingTheSecondTime() {
        // given
        importFile("lincoln-upload", FIRST);
        List<java.util.Map<String, Object>> before = jdbc.queryForList(
                "SELECT student_id, username, first_name, grade, status, updated_at FROM student_account ORDER BY id");

        // when
        ImportRun again = importFile("lincoln-upload", FIRST);

        // then
        assertThat(again.counts()).isEqualTo(new RunCounts(4, 0, 0, 0, 0, 4, 0, 0, 0, 0));
        assertThat(jdbc.queryForList(
                "SELECT student_id, username, first_name, grade, status, updated_at FROM student_account ORDER BY id"))
                .isEqualTo(before);
    }

    @Test
    void usernamesCollideIntoNumbersAndNeverChange() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,1,\n2,Ann,Lee,2,\n");

        // when: a third Ann Lee arrives at another school; the first one renames
        importFile("washington-upload", HEADER + "3,Ann,Lee,6,\n");
        importFile("lincoln-upload", HEADER + "1,Anne,Leigh,1,\n2,Ann,Lee,2,\n");

        // then
        assertThat(account("1")).containsEntry("username", "ann.lee").containsEntry("first_name", "Anne");
        assertThat(account("2")).containsEntry("username", "ann.lee2");
        assertThat(account("3")).containsEntry("username", "ann.lee3");
    }

    @Test
    void districtFileRoutesBySchoolIdAndNeverDeactivates() {
        // given
        importFile("lincoln-upload", HEADER + "1001,Ann,Lee,1,\n1002,Bo,Chen,2,\n");

        // when: 1002 is missing from the district file; 2001 goes to Washington; 9 names an unknown school
        ImportRun run = importFile("springfield-district", """
                School ID,Student ID,First Name,Last Name,Grade
                101,1001,Ann,Lee,2
                102,2001,Cy,Diaz,6
                999,3001,Di,Evans,7
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 1, 1, 0, 0, 0, 0, 0, 1, 0));
        assertThat(account("1002")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("2001")).containsEntry("school_id", "washington");
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(4);
            assertThat(row.column()).isEqualTo("School ID");
            assertThat(row.reason()).contains("'999'").contains("reference-id");
        });
    }

    @Test
    void transferKeepsUsernameAndReturningStudentIsReactivated() {
        // given
        importFile("lincoln-upload", HEADER + "1001,Ann,Lee,5,\n1002,Bo,Chen,5,\n");
        jdbc.update("UPDATE student_account SET status = 'ACTIVE', password_hash = '{bcrypt}x' WHERE student_id = '1002'");

        // when: Ann moves to Washington; Bo leaves Lincoln and comes back
        ImportRun transfer = importFile("washington-upload", HEADER + "1001,Ann,Lee,6,\n");
        importFile("lincoln-upload", HEADER + "1003,Cy,Diaz,5,\n");
        assertThat(account("1002")).containsEntry("status", "DEACTIVATED");
        ImportRun back = importFile("lincoln-upload", HEADER + "1002,Bo,Chen,5,\n1003,Cy,Diaz,5,\n");

        // then
        assertThat(transfer.counts().transferred()).isEqualTo(1);
        assertThat(account("1001")).containsEntry("school_id", "washington").containsEntry("username", "ann.lee")
                .containsEntry("grade", "6");
        assertThat(back.counts().reactivated()).isEqualTo(1);
        assertThat(account("1002")).containsEntry("status", "ACTIVE").containsEntry("username", "bo.chen")
                .containsEntry("password_hash", "{bcrypt}x");
    }

    @Test
    void studentsArrivingFromAnotherSchoolAreTransferredOrReactivatedThere() {
        // given: Bo was deactivated at Lincoln; Cy is inside Jefferson's grace window
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,5,\n2,Bo,Chen,5,\n");
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,5,\n");
        importFile("jefferson-grace", HEADER + "3,Cy,Diaz,9,\n4,Di,Eng,9,\n");
        importFile("jefferson-grace", HEADER + "4,Di,Eng,9,\n");
        assertThat(account("2")).containsEntry("status", "DEACTIVATED");
        assertThat(account("3").get("missing_since")).isNotNull();

        // when: both turn up in Washington's file, beside a new student
        ImportRun washington = importFile("washington-upload", HEADER + "2,Bo,Chen,6,\n3,Cy,Diaz,9,\n5,Ed,Fox,6,\n");

        // then
        assertThat(washington.counts().reactivated()).isEqualTo(1);
        assertThat(washington.counts().transferred()).isEqualTo(1);
        assertThat(washington.counts().created()).isEqualTo(1);
        assertThat(account("2")).containsEntry("school_id", "washington").containsEntry("username", "bo.chen")
                .containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("3")).containsEntry("school_id", "washington").containsEntry("username", "cy.diaz")
                .containsEntry("missing_since", null);
    }

    @Test
    void aStudentMovedToAnotherSchoolWhileARunDeactivatesIsLeftAtTheNewSchoolAndNotCounted() throws Exception {
        // given
        importFile("lincoln-upload", HEADER + "1001,Ann,Lee,5,\n1002,Bo,Chen,5,\n");
        long[] runId = new long[1];
        asAnotherWriter(statement -> {
            // another writer (a run of another feed) holds Bo's account
            statement.executeQuery("SELECT id FROM student_account WHERE student_id = '1002' FOR UPDATE").close();

            // when: Lincoln's next file lacks Bo, so its run plans his deactivation and waits for his account...
            runId[0] = importRuns.upload("lincoln-upload",
                    new ByteArrayInputStream((HEADER + "1001,Ann,Lee,5,\n").getBytes(StandardCharsets.UTF_8)),
                    "test", false, false);
            awaitBlockedSession("UPDATE student_account");
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'DEACTIVATE'""",
                    Integer.class, runId[0])).isEqualTo(1);
            // ...which the other writer moves to Washington
            statement.executeUpdate("UPDATE student_account SET school_id = 'washington' WHERE student_id = '1002'");
        });
        ImportRun run = awaitRun(runId[0]);

        // then: Bo is not missing from Lincoln, he moved; the run neither deactivated nor counted him
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("1002")).containsEntry("school_id", "washington")
                .containsEntry("status", "PENDING_ACTIVATION").containsEntry("missing_since", null);
        assertThat(run.counts().deactivated()).isZero();
        assertThat(run.counts().unchanged()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE run_id = ? AND event = 'DEACTIVATED'",
                Integer.class, run.runId())).isZero();
    }

    @Test
    void aRunWaitsForAnotherWriterOfUsernamesForAsLongAsItTakes() throws Exception {
        long[] runId = new long[1];
        asAnotherWriter(statement -> {
            // given: another writer that hands out usernames (a large apply of another feed) holds their lock
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();

            // when: a run reaches its apply and waits longer than H2's own lock timeout (2 s)
            runId[0] = importRuns.upload("lincoln-upload",
                    new ByteArrayInputStream(FIRST.getBytes(StandardCharsets.UTF_8)), "test", false, false);
            awaitBlockedSession("SELECT id FROM username_lock");
            Thread.sleep(3_000);
            assertThat(importRuns.find(runId[0]).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        });
        ImportRun run = awaitRun(runId[0]);

        // then: the run went on once the lock was free
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(4);
        assertThat(account("1001")).containsEntry("username", "jose.nunez");
    }

    @Test
    void aStudentNewInTwoFeedsPlannedSideBySideIsCreatedOnceAndCountedOnce() throws Exception {
        // given: a new student in the district's file and in Lincoln's, in another grade
        byte[] district = "School ID,Student ID,First Name,Last Name,Grade\n101,77,Ann,Lee,3\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] lincoln = "Student ID,First Name,Last Name,Grade\n77,Ann,Lee,4\n".getBytes(StandardCharsets.UTF_8);
        long[] runIds = new long[2];

        // when: both runs plan a create before either applies
        asAnotherWriter(statement -> {
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();
            runIds[0] = importRuns.upload("springfield-district", new ByteArrayInputStream(district), "test", false,
                    false);
            runIds[1] = importRuns.upload("lincoln-upload", new ByteArrayInputStream(lincoln), "test", false, false);
            awaitBlockedSessions("SELECT id FROM username_lock", 2);
        });
        ImportRun first = awaitRun(runIds[0]);
        ImportRun second = awaitRun(runIds[1]);

        // then: one run created the account, the other updated it from its own line, and each says so
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(first.counts().created() + second.counts().created()).isEqualTo(1);
        assertThat(first.counts().updated() + second.counts().updated()).isEqualTo(1);
        ImportRun updater = first.counts().updated() == 1 ? first : second;
        assertThat(account("77")).containsEntry("grade", updater == first ? "3" : "4")
                .containsEntry("username", "ann.lee");
        long accountId = ((Number) account("77").get("id")).longValue();
        assertThat(accountEvents.forAccount(accountId)).extracting(org.rostersync.account.AccountEvent::event)
                .containsExactly("CREATED", "UPDATED");
    }

    @Test
    void aCleverRosterKeepsAMissingStudentForThreeDaysByDefault() {
        // given: washington's Clever export (no deactivation-grace set), Bo missing from it on day 0
        String clever = "School_id,Student_id,Student_number,First_name,Last_name,Grade\n";
        importFile("clever-washington", clever + "102,a1,24-1,Ann,Lee,6\n102,a2,24-2,Bo,Chen,6\n102,a3,24-3,Cy,Diaz,6\n");
        ImportRun day0 = importFile("clever-washington", clever + "102,a1,24-1,Ann,Lee,6\n102,a3,24-3,Cy,Diaz,6\n");

        // when: a minute before three days have passed, and at three days
        clock.advance(Duration.ofDays(3).minusMinutes(1));
        ImportRun justInside = importFile("clever-washington", clever + "102,a1,24-1,Ann,Lee,6\n102,a3,24-3,Cy,Diaz,6\n");
        String statusInside = (String) account("24-2").get("status");
        clock.advance(Duration.ofMinutes(1));
        ImportRun past = importFile("clever-washington", clever + "102,a1,24-1,Ann,Lee,6\n102,a3,24-3,Cy,Diaz,6\n");

        // then
        assertThat(day0.counts()).extracting(RunCounts::missing, RunCounts::deactivated).containsExactly(1, 0);
        assertThat(justInside.counts()).extracting(RunCounts::missing, RunCounts::deactivated).containsExactly(1, 0);
        assertThat(statusInside).isEqualTo("PENDING_ACTIVATION");
        assertThat(past.counts().deactivated()).isEqualTo(1);
        assertThat(account("24-2")).containsEntry("status", "DEACTIVATED");
    }

    @Test
    void aStudentBackInsideTheWindowWithARejectedRowHasTheWindowCancelled() {
        // given: Bo leaves a grace feed (P3D) on day 0
        importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,\n3,Cy,Diaz,9,\n");
        ImportRun missed = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");
        assertThat(missed.counts().missing()).isEqualTo(1);

        // when: on day 2 he is back, with a typo in his email (the row is rejected, and he is kept as in the file)
        clock.advance(Duration.ofDays(2));
        ImportRun back = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,bo@@typo\n3,Cy,Diaz,9,\n");
        assertThat(back.counts().rejected()).isEqualTo(1);
        assertThat(account("2").get("missing_since")).isNull();

        // and on day 4 he is missing again: the first day of a new window
        clock.advance(Duration.ofDays(2));
        ImportRun again = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");

        // then
        assertThat(account("2")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(again.counts()).extracting(RunCounts::missing, RunCounts::deactivated).containsExactly(1, 0);
    }

    @Test
    void revertingTheRunThatCancelledARejectedStudentsWindowPutsTheWindowBack() {
        // given: Bo leaves a grace feed (P3D) on day 0; on day 2 a run lists him with a rejected row
        importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,\n3,Cy,Diaz,9,\n");
        importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");
        Object missingSince = account("2").get("missing_since");
        clock.advance(Duration.ofDays(2));
        ImportRun back = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,bo@@typo\n3,Cy,Diaz,9,\n");
        assertThat(account("2").get("missing_since")).isNull();

        // when
        long revertId = importRuns.revert(back.runId(), "admin");

        // then: Bo is as he was before it, missing since day 0, and the revert says it restored him
        assertThat(missingSince).isNotNull();
        assertThat(account("2").get("missing_since")).isEqualTo(missingSince);
        assertThat(importRuns.find(revertId).orElseThrow().message()).isEqualTo("Revert of run " + back.runId()
                + " by admin: 1 accounts restored as they were before it, 0 accounts it created deactivated.");
    }

    @Test
    void theWindowIsCountedFromThePlanOfTheRunThatMissedTheStudent() throws Exception {
        // given: the run that misses Bo plans at a known instant, and its apply runs a minute later
        importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,\n3,Cy,Diaz,9,\n");
        clock.advance(Duration.ofDays(1));
        java.time.Instant plannedAt = clock.instant();
        long runId = importRuns.upload("jefferson-grace", new ByteArrayInputStream(
                (HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n").getBytes(StandardCharsets.UTF_8)), "test", false, false);
        await("the plan of run " + runId, Duration.ofSeconds(60), () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'MISSING'", Integer.class, runId) > 0);
        clock.advance(Duration.ofMinutes(1));
        awaitRun(runId);

        // when: the next daily run, exactly three days after that plan
        clock.set(plannedAt.plus(Duration.ofDays(3)));
        ImportRun day3 = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");

        // then: the window was measured from the instant the plans compare with, so it has ended
        assertThat(day3.counts().deactivated()).isEqualTo(1);
    }

    @Test
    void graceWindowKeepsMissingStudentsUntilItPasses() {
        // given
        importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n2,Bo,Chen,9,\n3,Cy,Diaz,9,\n");

        // when: 2 and 3 go missing; 3 comes back inside the window; 2 stays away past it
        ImportRun first = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n");
        clock.advance(Duration.ofDays(2));
        ImportRun inside = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");
        clock.advance(Duration.ofDays(1).plusHours(1));
        ImportRun past = importFile("jefferson-grace", HEADER + "1,Ann,Lee,9,\n3,Cy,Diaz,9,\n");

        // then
        assertThat(first.counts().missing()).isEqualTo(2);
        assertThat(first.counts().deactivated()).isZero();
        assertThat(inside.counts().missing()).isEqualTo(1);
        assertThat(account("3")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("missing_since", null);
        assertThat(past.counts().deactivated()).isEqualTo(1);
        assertThat(account("2")).containsEntry("status", "DEACTIVATED");
    }

    @Test
    void manualAccountsAreKeptAndAdoptedByTheirRow() {
        // given: two hand-made accounts at Lincoln
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,1,\n");
        jdbc.update("UPDATE student_account SET origin = 'MANUAL'");
        importFile("washington-upload", HEADER + "2,Bo,Chen,6,\n");
        jdbc.update("""
                UPDATE student_account SET origin = 'MANUAL', email = 'bo@school.example', email_from_staff = TRUE
                 WHERE student_id = '2'""");

        // when: Lincoln's file lacks Ann; Washington's file has Bo
        ImportRun lincoln = importFile("lincoln-upload", HEADER + "3,Cy,Diaz,1,\n");
        ImportRun washington = importFile("washington-upload", HEADER + "2,Bo,Chen,6,\n");

        // then
        assertThat(lincoln.counts().deactivated()).isZero();
        assertThat(account("1")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("origin", "MANUAL");
        assertThat(washington.counts().updated()).isEqualTo(1);
        assertThat(account("2")).containsEntry("origin", "IMPORT").containsEntry("email", "bo@school.example");

        // and later rows without an email keep it too; one with an email replaces it, and then the roster owns it
        importFile("washington-upload", HEADER + "2,Bo,Chen,7,\n");
        assertThat(account("2")).containsEntry("grade", "7").containsEntry("email", "bo@school.example");
        importFile("washington-upload", "Student ID,First Name,Last Name,Grade,Student Email\n2,Bo,Chen,7,bo@k12.example\n");
        assertThat(account("2")).containsEntry("email", "bo@k12.example");
        importFile("washington-upload", HEADER + "2,Bo,Chen,7,\n");
        assertThat(account("2")).containsEntry("email", null);
    }

    @Test
    void badRowsAreRejectedWithLineColumnAndReasonWhileGoodRowsApply() {
        // when
        ImportRun run = importFile("lincoln-upload", """
                Student ID,First Name,Last Name,Grade,Student Email,Birth Date,School ID
                1,Ann,Lee,1,ann@school.example,2019-02-03,101
                2,,Chen,1,,,
                3,Cy,Diaz,1234567,,,
                4,Di,Evans,1,not-an-email,,
                5,Ed,Fox,1,,31/02/2019,
                6,Fay,Gill,1,,,102
                1,Ann,Again,1,,,
                7,"Gus, Jr.",Hall,1,,02/28/2019,101
                8,Hal,Ivy,1
                """);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts().rows()).isEqualTo(9);
        assertThat(run.counts().created()).isEqualTo(2);
        assertThat(run.counts().rejected()).isEqualTo(7);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 20))
                .extracting(RejectedRow::line, RejectedRow::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "First Name"),
                        org.assertj.core.groups.Tuple.tuple(4L, "Grade"),
                        org.assertj.core.groups.Tuple.tuple(5L, "Student Email"),
                        org.assertj.core.groups.Tuple.tuple(6L, "Birth Date"),
                        org.assertj.core.groups.Tuple.tuple(7L, "School ID"),
                        org.assertj.core.groups.Tuple.tuple(8L, "Student ID"),
                        org.assertj.core.groups.Tuple.tuple(10L, null));
        assertThat(importRuns.rejectedRows(run.runId(), 0, 20)).extracting(RejectedRow::reason).satisfiesExactly(
                r -> assertThat(r).contains("First Name is empty"),
                r -> assertThat(r).contains("limit is 5"),
                r -> assertThat(r).contains("not a valid email"),
                r -> assertThat(r).contains("YYYY-MM-DD"),
                r -> assertThat(r).contains("'102'"),
                r -> assertThat(r).contains("already appears on line 2"),
                r -> assertThat(r).contains("4 values but the header has 7"));
        assertThat(account("7")).containsEntry("first_name", "Gus, Jr.");
        assertThat(account("1")).containsEntry("last_name", "Lee");
    }

    @Test
    void unreadableFileFailsTheRunAndChangesNothing() {
        // given
        importFile("lincoln-upload", FIRST);

        // when: a file without a Student ID column
        ImportRun run = importFile("lincoln-upload", "Name,Grade\nAnn Lee,3\n");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("line 1").contains("Student ID").contains("columns setting");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE status = 'PENDING_ACTIVATION'",
                Integer.class)).isEqualTo(4);
    }

    @Test
    void readsBomQuotedLineBreaksCrlfAndFeedColumnNames() {
        // given: a BOM, CRLF endings, a line break inside quotes, and this feed's own header names
        String csv = "\uFEFFLocal ID,first_name,LAST NAME,Gr,Home Room\r\n"
                + "S-1,\"Ann\",\"Lee \"\"Jr\"\"\",10,\"Room\n12\"\r\n"
                + "S-2,Émile,Zola,11,\r\n";

        // when
        ImportRun run = importFile("shelby-upload", csv);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("shelbyville", "S-1")).containsEntry("last_name", "Lee \"Jr\"")
                .containsEntry("home_room", "Room\n12").containsEntry("grade", "10");
        assertThat(account("shelbyville", "S-2")).containsEntry("username", "emile.zola");
    }
}
