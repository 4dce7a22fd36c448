package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rostersync.credentials.PasswordResets;
import org.rostersync.credentials.StudentLogins;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Never wipe a school: the guard step's holds and refusals, approving held deactivations, forced and dry runs, and
 * hostile input. Runs on H2 and on PostgreSQL.
 */
abstract class SafetyTests extends DatabaseTestSupport {

    @Autowired
    PasswordResets passwordResets;

    @Autowired
    StudentLogins studentLogins;


    private static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    /** Students {@code from..to} of Adams Academy as a roster. */
    private static String students(int from, int to) {
        return HEADER + IntStream.rangeClosed(from, to)
                .mapToObj(i -> "A" + i + ",Kid" + (char) ('a' + i % 26) + ",Adams" + i + ",5\n")
                .collect(Collectors.joining());
    }

    private int activeIn(String school) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE school_id = ? AND status <> 'DEACTIVATED'",
                Integer.class, school);
    }

    @Test
    void deactivatingTooLargeAShareOfASchoolIsHeldWhileEverythingElseApplies() {
        // given: 20 students
        importFile("adams-guarded", students(1, 20));

        // when: 15 remain (5 missing = 25% > 20%, above the floor of 3), one renamed, one new
        String next = students(1, 15).replace("A1,Kidb,Adams1,5", "A1,Kidb,Renamed,5") + "A99,New,Kid,5\n";
        ImportRun run = importFile("adams-guarded", next);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.counts().held()).isEqualTo(5);
        assertThat(run.counts().deactivated()).isZero();
        assertThat(run.counts().created()).isEqualTo(1);
        assertThat(run.counts().updated()).isEqualTo(1);
        assertThat(run.message()).contains("Held 5 deactivations").contains("5 of the 20 active imported accounts")
                .contains("25%").contains("allows 20%").contains("/api/runs/" + run.runId() + "/approve");
        assertThat(activeIn("adams")).isEqualTo(21);
        assertThat(account("A1")).containsEntry("last_name", "Renamed");
        assertThat(importRuns.changes(run.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .allSatisfy(change -> assertThat(change.held()).isTrue()).hasSize(5);

        // when: an admin approves
        int deactivated = importRuns.approve(run.runId(), "admin");

        // then: exactly the held five are deactivated, and the audit trail names the approver
        assertThat(deactivated).isEqualTo(5);
        ImportRun approved = importRuns.find(run.runId()).orElseThrow();
        assertThat(approved.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(approved.counts().deactivated()).isEqualTo(5);
        assertThat(approved.counts().held()).isZero();
        assertThat(approved.message()).startsWith("Approved by admin: 5 held deactivations applied. When the run"
                + " ended: Held 5 deactivations").doesNotContain("can apply the held deactivations");
        assertThat(activeIn("adams")).isEqualTo(16);
        assertThat(account("A20")).containsEntry("status", "DEACTIVATED");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM account_event WHERE run_id = ? AND event = 'DEACTIVATED' AND actor = 'admin'""",
                Integer.class, run.runId())).isEqualTo(5);
        assertThatThrownBy(() -> importRuns.approve(run.runId(), "admin"))
                .isInstanceOf(RunNotApprovableException.class).hasMessageContaining("only a HELD run");
    }

    @Test
    void aNewerRunReplacesAHeldPlanSoItCanNoLongerBeApproved() {
        // given: a held run
        importFile("adams-guarded", students(1, 20));
        ImportRun held = importFile("adams-guarded", students(1, 10));
        assertThat(held.status()).isEqualTo(RunStatus.HELD);

        // when: the next night's file is complete again
        ImportRun next = importFile("adams-guarded", students(1, 20));

        // then: nobody was lost, and the old plan is refused
        assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(activeIn("adams")).isEqualTo(20);
        assertThatThrownBy(() -> importRuns.approve(held.runId(), "admin"))
                .isInstanceOf(RunNotApprovableException.class)
                .hasMessageContaining("run " + next.runId()).hasMessageContaining("replaced its plan");
        assertThat(activeIn("adams")).isEqualTo(20);
    }

    @Test
    void aForcedRunSkipsTheGuards() {
        // given
        importFile("adams-guarded", students(1, 20));

        // when
        ImportRun run = importFile("adams-guarded", students(1, 5).getBytes(StandardCharsets.UTF_8), false, true);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().deactivated()).isEqualTo(15);
        assertThat(run.message()).contains("Forced");
        assertThat(activeIn("adams")).isEqualTo(5);
    }

    @Test
    void aHeaderOnlyFileFailsAndDeactivatesNobodyUnlessForced() {
        // given
        importFile("adams-shrink", students(1, 4));

        // when
        ImportRun run = importFile("adams-shrink", HEADER);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("header (line 1) but no student rows").contains("force=true");
        assertThat(activeIn("adams")).isEqualTo(4);

        // when: the school really is empty
        ImportRun forced = importFile("adams-shrink", HEADER.getBytes(StandardCharsets.UTF_8), false, true);

        // then
        assertThat(forced.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(activeIn("adams")).isZero();
    }

    @Test
    void studentIdsThatLostTheirLeadingZerosAreRefusedUnlessForced() {
        // given: twelve students whose Student IDs have leading zeros, and one without
        String padded = HEADER + IntStream.rangeClosed(1, 12)
                .mapToObj(i -> "%06d,Kid%c,Adams%d,5\n".formatted(i * 7, (char) ('a' + i), i))
                .collect(Collectors.joining()) + "700001,Ed,Orr,5\n";
        importFile("adams-shrink", padded);

        // when: the same file after a spreadsheet program saved it (000007 -> 7), plus two new students
        ImportRun run = importFile("adams-shrink", padded.replaceAll("(?m)^0+", "") + "900001,Flo,Pym,5\n"
                + "X9,Gus,Hale,5\n");

        // then: refused, saying why and what to do; no account created or deactivated
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("lost their leading zeros", "12 of 13 new students", "(the first on line 2)",
                "spreadsheet", "force=true");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account", Integer.class)).isEqualTo(13);
        assertThat(activeIn("adams")).isEqualTo(13);
        // and the refused run keeps its plan: what would have happened (12 new "students", 1 new, 1 unchanged, ...)
        assertThat(importRuns.countChanges(run.runId(), ChangeAction.CREATE)).isEqualTo(14);
        assertThat(importRuns.changes(run.runId(), ChangeAction.CREATE, 0, 100))
                .extracting(PlannedChange::studentId).contains("7", "900001", "X9");
        assertThat(jdbc.queryForObject("SELECT rows_read FROM import_run WHERE id = ?", Integer.class, run.runId()))
                .isEqualTo(15);

        // when: a file with a few new students whose IDs happen to be others' without zeros is not refused
        ImportRun few = importFile("adams-shrink", padded + "7,New,Kid,5\n14,Newer,Kid,5\n");
        assertThat(few.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(few.counts().created()).isEqualTo(2);

        // when: the Student IDs really changed
        ImportRun forced = importFile("adams-shrink", (padded.replaceAll("(?m)^0+", "")).getBytes(
                StandardCharsets.UTF_8), false, true);

        // then
        assertThat(forced.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("7")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void aFileMuchShorterThanTheLastGoodOneHasItsDeactivationsHeld() {
        // given: 20 students, then a file of 8 (60% shorter; the feed allows 50%)
        importFile("adams-shrink", students(1, 20));

        // when
        ImportRun run = importFile("adams-shrink", students(1, 8) + "A50,New,Kid,5\n");

        // then
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.message()).contains("the file has 9 rows").contains("fewer than the 20 rows of run");
        assertThat(run.counts().created()).isEqualTo(1);
        assertThat(run.counts().held()).isEqualTo(12);
        assertThat(activeIn("adams")).isEqualTo(21);
    }

    @Test
    void theSameShortFileTwiceIsHeldTwice() {
        // given: 20 students, then a file of 8, held
        importFile("adams-shrink", students(1, 20));
        ImportRun first = importFile("adams-shrink", students(1, 8));

        // when: the same short file comes again, the held run not approved
        ImportRun again = importFile("adams-shrink", students(1, 8));

        // then: it is measured against the last good file, not the held one
        assertThat(first.status()).isEqualTo(RunStatus.HELD);
        assertThat(again.status()).isEqualTo(RunStatus.HELD);
        assertThat(again.message()).contains("the file has 8 rows").contains("fewer than the 20 rows of run");
        assertThat(activeIn("adams")).isEqualTo(20);
    }

    @Test
    void aShortFileThatOnlyMarksStudentsMissingWarnsAndIsNoMeasureForTheNext() {
        // given: 20 students on a feed with a 3-day grace window, then a file of 2 (the feed allows 50% shorter)
        importFile("jefferson-grace", students(1, 20));
        ImportRun shortFile = importFile("jefferson-grace", students(1, 2));

        // when: the same file after the grace window
        clock.set(clock.instant().plus(java.time.Duration.ofDays(4)));
        ImportRun later = importFile("jefferson-grace", students(1, 2));

        // then: the first warned and deactivated nobody; the second is measured against the 20 and held
        assertThat(shortFile.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(shortFile.counts().missing()).isEqualTo(18);
        assertThat(shortFile.message()).contains("Warning: the file has 2 rows", "fewer than the 20 rows of run",
                "18 students were marked missing");
        assertThat(later.status()).isEqualTo(RunStatus.HELD);
        assertThat(later.counts().held()).isEqualTo(18);
        assertThat(later.message()).contains("fewer than the 20 rows of run");
        assertThat(activeIn("jefferson")).isEqualTo(20);
    }

    @Test
    void tooManyRejectedRowsHoldEveryDeactivationAndRejectedStudentsAreNeverMissing() {
        // given
        importFile("adams-guarded", students(1, 20));

        // when: A17 and A18 have bad rows (2 of 18 = 11% > 5%), A19 and A20 are gone, A21 is new
        ImportRun run = importFile("adams-guarded",
                students(1, 16) + "A17,,NoFirst,5\nA18,No,Grade,\nA21,Ok,New,5\n");

        // then: the new student is created, nobody is deactivated, the bad rows' students are not even missing
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.message()).contains("2 of the file's 19 rows (11%) were rejected and the feed tolerates 5%");
        assertThat(run.counts().created()).isEqualTo(1);
        assertThat(run.counts().held()).isEqualTo(2);
        assertThat(importRuns.changes(run.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .extracting(PlannedChange::studentId).containsExactlyInAnyOrder("A19", "A20");
        assertThat(activeIn("adams")).isEqualTo(21);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).hasSize(2);
    }

    @Test
    void aDryRunPlansAndChangesNothing() {
        // given
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n2,Bo,Chen,3\n");

        // when
        ImportRun run = importFile("lincoln-upload",
                "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,4\n3,Cy,Diaz,3\n".getBytes(StandardCharsets.UTF_8),
                true, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.dryRun()).isTrue();
        assertThat(run.message()).startsWith("Dry run, nothing was changed. Would have:");
        assertThat(importRuns.changes(run.runId(), null, 0, 10))
                .extracting(PlannedChange::studentId, PlannedChange::action)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1", ChangeAction.UPDATE),
                        org.assertj.core.groups.Tuple.tuple("2", ChangeAction.DEACTIVATE),
                        org.assertj.core.groups.Tuple.tuple("3", ChangeAction.CREATE));
        assertThat(account("1")).containsEntry("grade", "3");
        assertThat(account("2")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE student_id = '3'", Integer.class))
                .isZero();
    }

    @Test
    void aDryRunSaysWhatTheGuardsWouldHoldOrRefuseAndChangesNothing() {
        // given: 20 students on a guarded feed
        importFile("adams-guarded", students(1, 20));

        // when: a dry run of a file that lacks 5 of them (25% > the feed's 20%)
        ImportRun dry = importFile("adams-guarded", students(1, 15).getBytes(StandardCharsets.UTF_8), true, false);

        // then: it says the real run would hold them, holds nothing approvable, and changes nothing
        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(dry.message()).startsWith("Dry run, nothing was changed. Would have:")
                .contains("0 deactivated").contains("A real run would hold 5 deactivations because")
                .contains("5 of the 20 active imported accounts");
        assertThat(importRuns.changes(dry.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .allSatisfy(change -> assertThat(change.held()).isTrue()).hasSize(5);
        assertThatThrownBy(() -> importRuns.approve(dry.runId(), "admin"))
                .isInstanceOf(RunNotApprovableException.class);
        assertThat(activeIn("adams")).isEqualTo(20);

        // and a dry run of a header-only file fails as the real run would, saying it was a dry run
        ImportRun empty = importFile("adams-guarded", HEADER.getBytes(StandardCharsets.UTF_8), true, false);
        assertThat(empty.status()).isEqualTo(RunStatus.FAILED);
        assertThat(empty.message()).startsWith("Dry run, nothing was changed. A real run of this file would fail: The"
                + " file has a header (line 1) but no student rows");
        assertThat(activeIn("adams")).isEqualTo(20);

        // and a real run of the short file is still held: a dry run is no measure for the next one
        ImportRun real = importFile("adams-guarded", students(1, 15));
        assertThat(real.status()).isEqualTo(RunStatus.HELD);
        assertThat(real.message()).startsWith("Held 5 deactivations");
    }

    @Test
    void windows1252IsReadWithItsAccentsAndTheRunSaysSo() {
        // when: Excel's plain "CSV" on Windows
        byte[] file = (HEADER + "1,José,Núñez,3\n2,Zoë,Schäfer,4\n").getBytes(Charset.forName("windows-1252"));
        ImportRun run = importFile("lincoln-upload", file, false, false);

        // then
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.message()).contains("read as Windows-1252");
        assertThat(account("1")).containsEntry("first_name", "José").containsEntry("last_name", "Núñez")
                .containsEntry("username", "jose.nunez");
        assertThat(account("2")).containsEntry("first_name", "Zoë");
    }

    @Test
    void utf16WithTabsAndSemicolonFilesAreRead() {
        // given: Excel's "Unicode text" (UTF-16LE with BOM, tab-separated) and a European Excel CSV (semicolons)
        byte[] unicodeText = ("\uFEFFStudent ID\tFirst Name\tLast Name\tGrade\r\n1\tÅsa\tØstergård\tK\r\n")
                .getBytes(StandardCharsets.UTF_16LE);
        String semicolons = "Student ID;First Name;Last Name;Grade\n2;\"Jean; Paul\";Dupré;1\n";

        // when
        ImportRun first = importFile("lincoln-upload", unicodeText, false, false);
        ImportRun second = importFile("washington-upload", semicolons);

        // then
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("1")).containsEntry("first_name", "Åsa").containsEntry("last_name", "Østergård");
        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("2")).containsEntry("first_name", "Jean; Paul").containsEntry("last_name", "Dupré");
    }

    @Test
    void revertingARunRestoresWhatItChangedAndRetiresOnlyUnusedNewAccounts() {
        // given: Lincoln has 1-4, Washington has 5
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n3,Cy,Diaz,3\n4,Di,Evans,3\n");
        importFile("washington-upload", HEADER + "5,Eve,Fox,6\n");
        jdbc.update("UPDATE student_account SET status = 'ACTIVE', activated_at = CURRENT_TIMESTAMP WHERE student_id = '3'");

        // when: a bad Lincoln file renames 1, drops 2, takes 5 from Washington, adds 6 and 7; 7 logs in before the
        // revert, and 3 logs in (not touched by the run)
        clock.set(clock.instant().plusSeconds(3600));
        ImportRun bad = importFile("lincoln-upload",
                HEADER + "1,Ann,Wrong,3\n3,Cy,Diaz,3\n4,Di,Evans,3\n5,Eve,Fox,6\n6,New,One,3\n7,New,Two,3\n");
        assertThat(bad.counts()).extracting(RunCounts::updated, RunCounts::deactivated, RunCounts::transferred,
                RunCounts::created).containsExactly(1, 1, 1, 2);
        jdbc.update("UPDATE student_account SET status = 'ACTIVE', activated_at = CURRENT_TIMESTAMP WHERE student_id = '7'");
        long revertId = importRuns.revert(bad.runId(), "admin");

        // then
        ImportRun revert = importRuns.find(revertId).orElseThrow();
        assertThat(revert.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(revert.trigger()).isEqualTo(ImportTrigger.MANUAL);
        assertThat(revert.message()).startsWith("Revert of run " + bad.runId() + " by admin: 3 accounts restored")
                .contains("1 accounts it created deactivated").contains("1 created and used since were left");
        assertThat(account("1")).containsEntry("last_name", "Lee");
        assertThat(account("2")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("5")).containsEntry("school_id", "washington").containsEntry("username", "eve.fox");
        assertThat(account("6")).containsEntry("status", "DEACTIVATED");
        assertThat(account("7")).containsEntry("status", "ACTIVE");
        assertThat(account("3")).containsEntry("status", "ACTIVE");
        assertThat(importRuns.changes(revertId, null, 0, 10)).extracting(PlannedChange::studentId,
                PlannedChange::action).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("1", ChangeAction.UPDATE),
                        org.assertj.core.groups.Tuple.tuple("2", ChangeAction.REACTIVATE),
                        org.assertj.core.groups.Tuple.tuple("5", ChangeAction.TRANSFER),
                        org.assertj.core.groups.Tuple.tuple("6", ChangeAction.DEACTIVATE));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE run_id = ? AND actor = 'admin'"
                + " AND detail LIKE 'revert of run%'", Integer.class, revertId)).isEqualTo(4);
        assertThatThrownBy(() -> importRuns.revert(bad.runId(), "admin"))
                .isInstanceOf(RunNotRevertableException.class).hasMessageContaining("already reverted");
        assertThatThrownBy(() -> importRuns.revert(revertId, "admin"))
                .isInstanceOf(RunNotRevertableException.class).hasMessageContaining("itself the revert");

        // and the same file again converges on the bad state, which proves the revert left a consistent plan
        ImportRun again = importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n3,Cy,Diaz,3\n4,Di,Evans,3\n");
        assertThat(again.counts().updated() + again.counts().reactivated() + again.counts().created()).isZero();
    }

    @Test
    void revertingARunThatReplacedAStaffEmailGivesTheEmailBackToStaff() {
        // given: staff gave Bo's hand-made account an email, and his row adopted the account without one
        importFile("washington-upload", HEADER + "2,Bo,Chen,6\n");
        jdbc.update("""
                UPDATE student_account SET origin = 'MANUAL', email = 'bo@school.example', email_from_staff = TRUE
                 WHERE student_id = '2'""");
        importFile("washington-upload", HEADER + "2,Bo,Chen,6\n");
        ImportRun replaced = importFile("washington-upload",
                "Student ID,First Name,Last Name,Grade,Student Email\n2,Bo,Chen,6,bo@k12.example\n");
        assertThat(account("2")).containsEntry("email", "bo@k12.example").containsEntry("email_from_staff", false);

        // when
        importRuns.revert(replaced.runId(), "admin");

        // then: the staff email is back, and staff's again: a row without an email keeps it
        assertThat(account("2")).containsEntry("email", "bo@school.example").containsEntry("email_from_staff", true);
        importFile("washington-upload", HEADER + "2,Bo,Chen,7\n");
        assertThat(account("2")).containsEntry("grade", "7").containsEntry("email", "bo@school.example");
    }

    @Test
    void revertingAReactivationLeavesAStudentWhoWasGivenAPasswordSince() {
        // given: Bo leaves, comes back, and is given a password by his teacher
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        ImportRun back = boLeavesAndComesBack();
        clock.set(clock.instant().plusSeconds(60));
        passwordResets.resetAll("lincoln", List.of("2"), "lincoln-teacher");

        // when
        long revertId = importRuns.revert(back.runId(), "admin");

        // then
        assertThat(back.counts().reactivated()).isEqualTo(1);
        assertThat(account("2")).containsEntry("status", "PASSWORD_ISSUED");
        assertThat(importRuns.changes(revertId, ChangeAction.DEACTIVATE, 0, 10)).isEmpty();
        assertThat(importRuns.find(revertId).orElseThrow().message()).contains("1 accounts changed since");
    }

    @Test
    void revertingAReactivationOfAnAccountNobodyUsedSinceDeactivatesItAgain() {
        // given: Bo leaves and comes back, and nobody gives him a password or signs in
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        ImportRun back = boLeavesAndComesBack();

        // when
        long revertId = importRuns.revert(back.runId(), "admin");

        // then
        assertThat(account("2")).containsEntry("status", "DEACTIVATED");
        assertThat(importRuns.changes(revertId, ChangeAction.DEACTIVATE, 0, 10)).extracting(PlannedChange::studentId)
                .containsExactly("2");
    }

    @Test
    void revertingAReactivationLeavesAnActiveStudentWhoSignedInSince() {
        // given: Bo, active before he left, comes back and signs in with his old password
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        String password = passwordResets.resetAll("lincoln", List.of("2"), "lincoln-teacher").get(0).password();
        assertThat(studentLogins.login("bo.chen", password)).isPresent();
        ImportRun back = boLeavesAndComesBack();
        assertThat(account("2")).containsEntry("status", "ACTIVE");
        clock.set(clock.instant().plusSeconds(60));
        assertThat(studentLogins.login("bo.chen", password)).isPresent();

        // when
        importRuns.revert(back.runId(), "admin");

        // then
        assertThat(account("2")).containsEntry("status", "ACTIVE");
    }

    /** Lincoln's next file lacks Bo (deactivated), and the one an hour later has him again: that run is returned. */
    private ImportRun boLeavesAndComesBack() {
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        clock.set(clock.instant().plusSeconds(3600));
        return importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
    }

    @Test
    void aRevertThatFailsChangesNothingAndIsNotTheFeedsLastImport() {
        // given: a run to revert, and a database that fails the revert (its before-images are out of reach)
        ImportRun run = importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        jdbc.execute("ALTER TABLE account_snapshot RENAME TO account_snapshot_away");
        try {
            // when
            assertThatThrownBy(() -> importRuns.revert(run.runId(), "admin")).isInstanceOf(RuntimeException.class);
        } finally {
            jdbc.execute("ALTER TABLE account_snapshot_away RENAME TO account_snapshot");
        }

        // then: the failed revert says so, and the feed's last import (its health) is still the run
        ImportRun failed = importRuns.latest("lincoln-upload").orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.message()).contains("The revert of run " + run.runId() + " failed", "nothing was changed");
        assertThat(importRuns.latestFinishedImport("lincoln-upload")).get().extracting(ImportRun::runId)
                .isEqualTo(run.runId());
        assertThat(account("1")).containsEntry("status", "PENDING_ACTIVATION");

        // and the run can still be reverted
        assertThat(importRuns.find(importRuns.revert(run.runId(), "admin")).orElseThrow().status())
                .isEqualTo(RunStatus.COMPLETED);
        assertThat(account("1")).containsEntry("status", "DEACTIVATED");
    }

    @Test
    void onlyAFeedsLatestAppliedRunCanBeReverted() {
        // given
        ImportRun first = importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        ImportRun dry = importFile("lincoln-upload", (HEADER + "1,Ann,Lee,4\n").getBytes(StandardCharsets.UTF_8),
                true, false);
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,5\n");

        // then
        assertThatThrownBy(() -> importRuns.revert(first.runId(), "admin"))
                .isInstanceOf(RunNotRevertableException.class).hasMessageContaining("only a feed's latest run");
        assertThatThrownBy(() -> importRuns.revert(dry.runId(), "admin"))
                .isInstanceOf(RunNotRevertableException.class).hasMessageContaining("nothing to revert");
        assertThat(account("1")).containsEntry("grade", "5");
    }

    @Test
    void twoAdminsApprovingAtOnceApplyTheHoldOnce() throws Exception {
        // given: five deactivations held at Adams
        importFile("adams-guarded", students(1, 20));
        ImportRun held = importFile("adams-guarded", students(1, 15));
        assertThat(held.status()).isEqualTo(RunStatus.HELD);

        // when: two admins approve at the same moment
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<Object> outcomes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<java.util.concurrent.Future<?>> approvals = new java.util.ArrayList<>();
        for (String admin : List.of("admin", "other-admin")) {
            approvals.add(pool.submit(() -> {
                together.await();
                try {
                    outcomes.add(importRuns.approve(held.runId(), admin));
                } catch (RunNotApprovableException | FeedBusyException e) {
                    outcomes.add(e.getClass().getSimpleName());
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> approval : approvals) {
            approval.get();
        }
        pool.shutdown();

        // then: one applied the five, the other was refused, and the run says it was approved once
        assertThat(outcomes).containsOnlyOnce(5).hasSize(2);
        ImportRun approved = importRuns.find(held.runId()).orElseThrow();
        assertThat(approved.counts().deactivated()).isEqualTo(5);
        assertThat(approved.message().split("Approved by", -1)).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'DEACTIVATED'",
                Integer.class)).isEqualTo(5);
    }

    @Test
    void anApprovalThatSkipsAMovedStudentStillReportsChangesThatAgreeWithItsCounts() {
        // given: five deactivations held at Adams
        importFile("adams-guarded", students(1, 20));
        ImportRun held = importFile("adams-guarded", students(1, 15));
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        assertThat(held.counts().held()).isEqualTo(5);

        // and: before an admin approves, the district file moves one of the five (A20) to Lincoln
        ImportRun moved = importFile("springfield-district", "School ID,Student ID,First Name,Last Name,Grade\n"
                + "101,A20,Kidu,Adams20,5\n");
        assertThat(moved.counts().transferred()).isEqualTo(1);

        // when
        int deactivated = importRuns.approve(held.runId(), "admin");

        // then: A20 keeps the account at Lincoln, and the run's report says so consistently
        ImportRun approved = importRuns.find(held.runId()).orElseThrow();
        assertThat(deactivated).isEqualTo(4);
        assertThat(account("A20")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("school_id", "lincoln");
        assertThat(approved.counts().deactivated()).isEqualTo(4);
        assertThat(importRuns.countChanges(held.runId(), ChangeAction.DEACTIVATE) - approved.counts().held())
                .as("DEACTIVATE changes listed as applied vs counts.deactivated")
                .isEqualTo(approved.counts().deactivated());
        assertThat(importRuns.changes(held.runId(), ChangeAction.DEACTIVATE, 0, 10))
                .extracting(PlannedChange::studentId).doesNotContain("A20").hasSize(4);
        assertThat(approved.message()).startsWith("Approved by admin: 4 held deactivations applied; 1 skipped");
    }

    /** Uploads a file as Lincoln's school admin, who sees only Lincoln, and waits for the run to end. */
    private ImportRun importAsLincolnAdmin(String csv) {
        try {
            return awaitRun(importRuns.upload("lincoln-upload", new java.io.ByteArrayInputStream(
                    csv.getBytes(StandardCharsets.UTF_8)), "lincoln-admin", List.of("lincoln"), false, false));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStudentMovedOutOfSightWhileASchoolAdminsRunWaitsToApplyIsHeldNotTakenBack() throws Exception {
        // given: Lincoln's Ann and Bo
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        long[] runId = new long[1];
        asAnotherWriter(statement -> {
            // another run's apply holds the username lock
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();

            // when: Lincoln's admin uploads a file that renames Bo; the run plans an update and waits to apply it...
            runId[0] = importRuns.upload("lincoln-upload", new java.io.ByteArrayInputStream(
                    (HEADER + "1,Ann,Lee,3\n2,Bo,Renamed,3\n").getBytes(StandardCharsets.UTF_8)), "lincoln-admin",
                    List.of("lincoln"), false, false);
            awaitBlockedSession("SELECT id FROM username_lock");
            // ...while the other run moves Bo to Washington
            statement.executeUpdate("UPDATE student_account SET school_id = 'washington' WHERE student_id = '2'");
        });
        ImportRun run = awaitRun(runId[0]);

        // then: the stale update became a held transfer out of Washington, and Bo's account is as the move left it
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.counts()).extracting(RunCounts::updated, RunCounts::transferred, RunCounts::held)
                .containsExactly(0, 0, 1);
        assertThat(run.message()).contains("Held 1 transfer", "(washington)");
        assertThat(importRuns.changes(run.runId(), ChangeAction.TRANSFER, 0, 10)).singleElement()
                .satisfies(change -> assertThat(change.held()).isTrue());
        assertThat(account("2")).containsEntry("school_id", "washington").containsEntry("last_name", "Chen");
    }

    @Test
    void aRevertOfARunWhoseTransferIsStillHeldLeavesThatStudentAlone() {
        // given: Washington's Eve, and a Lincoln admin's run that renames Ann and holds Eve's transfer
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        importFile("washington-upload", HEADER + "5,Eve,Fox,6\n");
        ImportRun held = importAsLincolnAdmin(HEADER + "1,Ann,Wrong,3\n5,Eve,Taken,3\n");
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        assertThat(held.counts()).extracting(RunCounts::updated, RunCounts::transferred, RunCounts::held)
                .containsExactly(1, 0, 1);

        // when
        long revertId = importRuns.revert(held.runId(), "admin");

        // then: Ann's name is back, Eve was never touched, and the held plan can no longer be approved
        assertThat(importRuns.find(revertId).orElseThrow().message()).contains("1 accounts restored")
                .doesNotContain("changed since");
        assertThat(account("1")).containsEntry("last_name", "Lee");
        assertThat(account("5")).containsEntry("school_id", "washington").containsEntry("last_name", "Fox");
        assertThatThrownBy(() -> importRuns.approve(held.runId(), "admin"))
                .isInstanceOf(RunNotApprovableException.class);
        assertThat(account("5")).containsEntry("school_id", "washington");
    }

    @Test
    void aHeldTransferOfAStudentWhoMovedOnSinceIsSkippedWhenApproved() {
        // given: a held transfer of Washington's Eve to Lincoln
        importFile("washington-upload", HEADER + "5,Eve,Fox,6\n");
        ImportRun held = importAsLincolnAdmin(HEADER + "1,Ann,Lee,3\n5,Eve,Fox,3\n");
        assertThat(held.counts().held()).isEqualTo(1);

        // and: before a district admin approves, the district file moves Eve to Jefferson
        importFile("springfield-district", "School ID,Student ID,First Name,Last Name,Grade\n103,5,Eve,Fox,9\n");

        // when
        ImportRuns.Approval approval = importRuns.approveHolds(held.runId(), "admin");

        // then: Eve stays at Jefferson, and the run's report says the transfer was skipped
        assertThat(approval.transferred()).isZero();
        assertThat(account("5")).containsEntry("school_id", "jefferson").containsEntry("grade", "9");
        ImportRun approved = importRuns.find(held.runId()).orElseThrow();
        assertThat(approved.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(approved.counts().transferred()).isZero();
        assertThat(approved.message()).contains("1 transfer skipped");
        assertThat(importRuns.changes(held.runId(), ChangeAction.TRANSFER, 0, 10)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_student WHERE run_id = ?", Integer.class,
                held.runId())).isZero();
    }

    @Test
    void aStudentBackFromDeactivationIntoAnotherSchoolIsHeldLikeATransfer() {
        // given: Washington's Eve left and was deactivated, with a printed password nobody used
        importFile("washington-upload", HEADER + "5,Eve,Fox,6\n6,Max,Ray,6\n");
        String password = passwordResets.resetAll("washington", List.of("5"), "admin").get(0).password();
        importFile("washington-upload", HEADER + "6,Max,Ray,6\n");
        assertThat(account("5")).containsEntry("status", "DEACTIVATED");

        // when: Lincoln's admin lists her
        ImportRun held = importAsLincolnAdmin(HEADER + "1,Ann,Lee,3\n5,Eve,Fox,3\n");

        // then: held; approved, she is back at Lincoln without the old password
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        assertThat(importRuns.changes(held.runId(), ChangeAction.REACTIVATE, 0, 10)).singleElement()
                .satisfies(change -> assertThat(change.held()).isTrue());
        assertThat(account("5")).containsEntry("school_id", "washington").containsEntry("status", "DEACTIVATED");
        importRuns.approve(held.runId(), "admin");
        assertThat(account("5")).containsEntry("school_id", "lincoln").containsEntry("status", "PENDING_ACTIVATION");
        assertThat(studentLogins.login("eve.fox", password)).isEmpty();
        assertThat(importRuns.find(held.runId()).orElseThrow().counts().reactivated()).isEqualTo(1);
    }

    @Test
    void aMalformedRowNeverCostsAStudentWhoseIdIsInItTheirAccount() {
        // given: four students at Lincoln, the Student ID after the names
        String header = "First Name,Last Name,Student ID,Grade\n";
        importFile("lincoln-upload", header + "Ann,Lee,L1,3\nBo,Chen,L2,3\nCy,Diaz,L3,3\nDi,Evans,L4,3\n");

        // when: a stray comma shifts Bo's row, a quote left open in Cy's row swallows Di's, and a byte-order mark
        // from joined files sits before Ann's Student ID
        ImportRun run = importFile("lincoln-upload", header
                + "Ann,Lee,\uFEFFL1,3\nBo,Chen, Jr,L2,3\n\"Cy,Diaz,L3,3\nDi,Evans\",L4,3\n");

        // then: the two broken rows are rejected, naming their lines; nobody is deactivated or created twice
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts()).extracting(RunCounts::created, RunCounts::deactivated, RunCounts::rejected)
                .containsExactly(0, 0, 2);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).extracting(RejectedRow::line)
                .containsExactlyInAnyOrder(3L, 4L);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).extracting(RejectedRow::reason)
                .anySatisfy(reason -> assertThat(reason).contains("runs over more than one line"));
        for (String id : List.of("L1", "L2", "L3", "L4")) {
            assertThat(account(id)).containsEntry("status", "PENDING_ACTIVATION");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account", Integer.class)).isEqualTo(4);

        // and a quote left open in free text, which may run over lines, keeps the row it swallowed too
        String rooms = "Student ID,First Name,Last Name,Grade,Home Room\n";
        ImportRun swallowed = importFile("lincoln-upload", rooms
                + "L1,Ann,Lee,3,\"Room 1\nL2,Bo,Chen,3,Room 2\"\nL3,Cy,Diaz,3,Room 3\nL4,Di,Evans,3,Room 4\n");
        assertThat(swallowed.counts().deactivated()).isZero();
        assertThat(account("L2")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void aStudentIdGluedToItsNeighbourOrRunOnIsStillTheStudentsAndNeverMissing() {
        // given: forty students at Lincoln, the Student ID after the names
        String header = "First Name,Last Name,Student ID,Grade\n";
        importFile("lincoln-upload", header + IntStream.rangeClosed(1001, 1040)
                .mapToObj(i -> "Kid" + (char) ('a' + i % 26) + ",Lee" + i + ",L" + i + ",3\n").collect(Collectors.joining()));

        // when: the delimiter after L1002's ID is lost (L1002 and 3 read as L10023), L1003's ID has text run on
        // past the column's limit, and L1040 left the school
        String rows = IntStream.rangeClosed(1001, 1039).mapToObj(i -> switch (i) {
            case 1002 -> "Kidb,Lee1002,L10023\n";
            case 1003 -> "Kidc,Lee1003,L1003" + "~".repeat(95) + ",3\n";
            default -> "Kid" + (char) ('a' + i % 26) + ",Lee" + i + ",L" + i + ",3\n";
        }).collect(Collectors.joining());
        ImportRun run = importFile("lincoln-upload", header + rows);

        // then: both rows are rejected, and their students are kept; only the one who left is taken for missing
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).extracting(RejectedRow::line)
                .containsExactlyInAnyOrder(3L, 4L);
        assertThat(run.counts()).extracting(RunCounts::created, RunCounts::rejected).containsExactly(0, 2);
        assertThat(run.counts().missing() + run.counts().deactivated()).isEqualTo(1);
        assertThat(importRuns.changes(run.runId(), null, 0, 100)).filteredOn(c -> c.action() != ChangeAction.UNCHANGED)
                .extracting(PlannedChange::studentId).containsExactly("L1040");
        assertThat(account("L1002")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("L1003")).containsEntry("status", "PENDING_ACTIVATION");
    }

    static List<Arguments> malformedFiles() {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[100] = 0;
        String wide = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
        String huge = "x".repeat(1024 * 1024);
        return List.of(
                Arguments.of("binary junk", junk, "binary data"),
                Arguments.of("an Excel workbook", new byte[] { 'P', 'K', 3, 4, 20, 0, 6, 0 }, "Excel workbook"),
                Arguments.of("empty", new byte[0], "the file is empty"),
                Arguments.of("only a BOM", new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "the file is empty"),
                Arguments.of("a truncated quote", (HEADER + "1,\"Ann,Lee,3\n2,Bo,Chen,3\n").getBytes(StandardCharsets.UTF_8),
                        "never closed"),
                Arguments.of("10,000 columns", (wide + "\n" + wide + "\n").getBytes(StandardCharsets.UTF_8),
                        "required columns Student ID, First Name, Last Name, Grade are missing"),
                // past rostersync.max-record-length (64 KB) a record fails the run: the parser holds no more of it
                Arguments.of("a 1 MB field", (HEADER + "1," + huge + ",Lee,3\n").getBytes(StandardCharsets.UTF_8),
                        "line 2: the row that starts on this line is longer than 65,536 characters"),
                Arguments.of("a 60 KB field", (HEADER + "1," + "x".repeat(60 * 1024) + ",Lee,3\n")
                        .getBytes(StandardCharsets.UTF_8), "REJECTED:First Name is 61440 characters long"),
                Arguments.of("a Student ID a spreadsheet wrote in scientific notation",
                        (HEADER + "1.23457E+15,Ann,Lee,3\n").getBytes(StandardCharsets.UTF_8),
                        "REJECTED:Student ID '1.23457E+15' is a number a spreadsheet program rewrote in scientific"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedFilesFailOrRejectWithAClearMessageAndChangeNoAccount(String name, byte[] content, String expected) {
        // given
        importFile("lincoln-upload", HEADER + "7,Keep,Me,2\n");

        // when
        ImportRun run = importFile("lincoln-upload", content, false, false);

        // then
        if (expected.startsWith("REJECTED:")) {
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            assertThat(importRuns.rejectedRows(run.runId(), 0, 10)).singleElement()
                    .satisfies(row -> assertThat(row.reason()).contains(expected.substring("REJECTED:".length())));
            // the rejected row does not count as the file: the one missing student is deactivated as any other
        } else {
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.message()).contains(expected).contains("line ");
            assertThat(account("7")).containsEntry("status", "PENDING_ACTIVATION");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account", Integer.class)).isEqualTo(1);
    }
}
