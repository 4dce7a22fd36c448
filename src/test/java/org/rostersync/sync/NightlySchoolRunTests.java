package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.TestSftpServer;
import org.rostersync.sync.internal.job.UnchangedRowsSetting;
import org.rostersync.sync.internal.run.RunRecovery;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A school's nightly file leaves most of its rows unstaged (rostersync.import.unchanged-rows-unstaged): the same
 * files give the same accounts, counts, changes, events, rejected rows and missing students as staging every row,
 * while staging and the plan hold only the rows that change something. Runs on H2 and on PostgreSQL.
 */
abstract class NightlySchoolRunTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade,Student Email,Home Room\n";

    private static final String[] FIRST = { "Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus" };
    private static final String[] LAST = { "Lee", "Chen", "Diaz", "Núñez", "O'Brien" };

    @Autowired
    UnchangedRowsSetting unstaged;

    @Autowired
    RunRecovery recovery;

    @Autowired
    @Qualifier("importExecutor")
    ThreadPoolTaskExecutor importThreads;

    private boolean configured;

    @BeforeEach
    void rememberTheSetting() {
        configured = unstaged.unstaged();
        unstaged.unstaged(true);
    }

    @AfterEach
    void restoreTheSetting() {
        unstaged.unstaged(configured);
    }

    /** Student {@code n}'s row as the school's file first gives it: few distinct names, so usernames collide. */
    static String row(String prefix, int n) {
        return prefix + n + "," + FIRST[n % FIRST.length] + "," + LAST[n % LAST.length] + "," + (1 + n % 12) + ","
                + (n % 3 == 0 ? "s" + n + "@springfield.example" : "") + "," + (n % 2 == 0 ? "R" + n % 9 : "");
    }

    /** The row with its {@code column}-th value (from 0) replaced. */
    static String with(String row, int column, String value) {
        String[] values = row.split(",", -1);
        values[column] = value;
        return String.join(",", values);
    }

    static List<String> rows(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> row(prefix, n)).collect(Collectors.toCollection(ArrayList::new));
    }

    static String file(List<String> rows) {
        return HEADER + String.join("\n", rows) + "\n";
    }

    @Test
    void aSchoolFileWithAFewChangesGivesWhatStagingEveryRowGives() {
        // given two schools' students, then Lincoln's nightly file with a few changes, a dry run of it first
        Supplier<List<Long>> nightly = () -> {
            List<Long> runs = new ArrayList<>();
            runs.add(importFile("washington-upload", file(List.of(row("W", 1)))).runId());
            List<String> lincoln = rows("L", 1000, 2100);
            runs.add(importFile("lincoln-upload", file(lincoln)).runId());
            runs.add(importFile("lincoln-upload", file(lincoln.subList(0, 1099))).runId()); // L2099 deactivated
            List<String> next = new ArrayList<>(lincoln.subList(0, 1099));
            next.set(10, with(next.get(10), 1, "Renamed"));
            next.set(20, "L1020,Gus,Núñez,12,,");
            next.set(30, with(next.get(30), 3, "K"));
            next.set(60, "L1060,Flo,Lee,TOOLONG1,,");                     // rejected: still in the file
            next.remove(40);                                               // L1040 left the school
            next.add(row("L", 2099));                                      // back from deactivation
            next.add(row("L", 3000));                                      // new
            next.add(row("W", 1));                                         // moves in from Washington
            next.add(row("L", 1050));                                      // again, unchanged both times
            next.add(row("L", 1010));                                      // again, as it was before the rename
            runs.add(importFile("lincoln-upload", file(next).getBytes(StandardCharsets.UTF_8), true, false).runId());
            runs.add(importFile("lincoln-upload", file(next)).runId());
            return runs;
        };

        // when
        List<Long> runs = nightly.get();

        // then: the nightly run and its dry run left the unchanged rows out of the plan and counted them all
        long dryRun = runs.get(3);
        long run = runs.get(4);
        ImportRun applied = importRuns.find(run).orElseThrow();
        assertThat(applied.counts()).isEqualTo(new RunCounts(1103, 1, 3, 1, 1, 1094, 0, 1, 3, 0));
        for (long planned : List.of(dryRun, run)) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM planned_change WHERE run_id = ?", Integer.class,
                    planned)).as("plan entries of run %d", planned).isEqualTo(7);
            assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?",
                    Integer.class, planned)).isEqualTo(1094);
            assertThat(importRuns.countChanges(planned, ChangeAction.UNCHANGED)).isEqualTo(1094);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unchanged_chunk WHERE run_id = ?", Integer.class, run))
                .as("one row per chunk of 1,000").isEqualTo(2);
        assertThat(importRuns.rejectedRows(run, 0, 10)).extracting(RejectedRow::line, RejectedRow::reason)
                .contains(org.assertj.core.groups.Tuple.tuple(1103L,
                        "Student ID 'L1050' already appears on line 51; each student may appear only once in a file"),
                        org.assertj.core.groups.Tuple.tuple(1104L,
                                "Student ID 'L1010' already appears on line 12; each student may appear only once"
                                        + " in a file"));
        assertThat(account("L1040")).containsEntry("status", "DEACTIVATED");
        assertThat(account("L1060")).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("W1")).containsEntry("school_id", "lincoln");
        assertThat(account("L1010")).containsEntry("first_name", "Renamed");
        assertSameAsStagingEveryRow(nightly, observe(runs));
    }

    @Test
    void studentsMissingThenBackOrDeactivatedAfterTheGraceWindowAsWhenEveryRowIsStaged() {
        // given Jefferson's students (a grace window of 3 days)
        Supplier<List<Long>> nights = () -> {
            List<Long> runs = new ArrayList<>();
            List<String> all = rows("J", 1000, 1150);
            runs.add(importFile("jefferson-grace", file(all)).runId());
            List<String> without5 = new ArrayList<>(all);
            without5.remove(5);
            runs.add(importFile("jefferson-grace", file(without5)).runId());     // J1005 missing
            clock.advance(Duration.ofDays(1));
            List<String> without6 = new ArrayList<>(all);
            without6.remove(6);
            runs.add(importFile("jefferson-grace", file(without6)).runId());     // J1005 back, J1006 missing
            clock.advance(Duration.ofDays(4));
            runs.add(importFile("jefferson-grace", file(without6)).runId());     // J1006 past the window
            return runs;
        };

        // when
        List<Long> runs = nights.get();

        // then
        assertThat(importRuns.find(runs.get(1)).orElseThrow().counts().missing()).isOne();
        RunCounts back = importRuns.find(runs.get(2)).orElseThrow().counts();
        assertThat(back.missing()).isOne();
        assertThat(back.unchanged()).isEqualTo(149);
        assertThat(importRuns.find(runs.get(3)).orElseThrow().counts().deactivated()).isOne();
        assertThat(account("J1005")).containsEntry("missing_since", null).containsEntry("status", "PENDING_ACTIVATION");
        assertThat(account("J1006")).containsEntry("status", "DEACTIVATED");
        assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?", Integer.class,
                runs.get(2))).as("all but the student back inside the window, who is staged").isEqualTo(148);
        assertSameAsStagingEveryRow(nights, observe(runs));
    }

    @Test
    void aFileLackingAnOptionalColumnKeepsItsValuesAsWhenEveryRowIsStaged() {
        // given Lincoln's students with home rooms, then a file without the Home Room column and one rename
        Supplier<List<Long>> nights = () -> {
            List<Long> runs = new ArrayList<>();
            List<String> all = rows("L", 1000, 1200);
            runs.add(importFile("lincoln-upload", file(all)).runId());
            List<String> withoutHomeRoom = new ArrayList<>();
            for (String row : all) {
                withoutHomeRoom.add(row.substring(0, row.lastIndexOf(',')));
            }
            withoutHomeRoom.set(7, with(withoutHomeRoom.get(7), 1, "Anne"));
            runs.add(importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade,Student Email\n"
                    + String.join("\n", withoutHomeRoom) + "\n").runId());
            return runs;
        };

        // when
        List<Long> runs = nights.get();

        // then: the rows of students without a home room were unchanged for sure; the others were compared
        RunCounts counts = importRuns.find(runs.get(1)).orElseThrow().counts();
        assertThat(counts.updated()).isOne();
        assertThat(counts.unchanged()).isEqualTo(199);
        assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?", Integer.class,
                runs.get(1))).isEqualTo(99);
        assertThat(account("L1000")).containsEntry("home_room", "R1");
        assertThat(account("L1007")).containsEntry("first_name", "Anne").containsEntry("home_room", null);
        assertSameAsStagingEveryRow(nights, observe(runs));
    }

    @Test
    void whileARunWaitsToApplyStagingAndThePlanHoldOnlyTheRowsThatChangeSomething() throws Exception {
        // given
        List<String> all = rows("L", 1000, 1300);
        importFile("lincoln-upload", file(all));
        List<String> next = new ArrayList<>(all);
        next.set(3, with(next.get(3), 1, "Dee"));
        next.remove(9);
        next.add(row("L", 5000));
        long[] runId = new long[1];
        asAnotherWriter(statement -> {
            // another run's apply holds the username lock
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();

            // when: Lincoln's next file is loaded and planned, and its apply waits
            runId[0] = importRuns.upload("lincoln-upload",
                    new ByteArrayInputStream(file(next).getBytes(StandardCharsets.UTF_8)), "test", false, false);
            awaitBlockedSession("SELECT id FROM username_lock");

            // then
            assertThat(jdbc.queryForList("SELECT student_id FROM staged_student WHERE run_id = ? ORDER BY student_id",
                    String.class, runId[0])).containsExactly("L1003", "L5000");
            assertThat(jdbc.queryForList("""
                    SELECT student_id || ' ' || action FROM planned_change WHERE run_id = ? ORDER BY student_id""",
                    String.class, runId[0])).containsExactly("L1003 UPDATE", "L1009 DEACTIVATE", "L5000 CREATE");
            assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?",
                    Integer.class, runId[0])).isEqualTo(298);
        });
        ImportRun run = awaitRun(runId[0]);
        assertThat(run.counts()).isEqualTo(new RunCounts(300, 1, 1, 0, 0, 298, 0, 1, 0, 0));
        assertThat(importRuns.changes(run.runId(), null, 0, 5)).extracting(PlannedChange::studentId,
                PlannedChange::action).containsExactly(org.assertj.core.groups.Tuple.tuple("L1000",
                        ChangeAction.UNCHANGED), org.assertj.core.groups.Tuple.tuple("L1001", ChangeAction.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("L1002", ChangeAction.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("L1003", ChangeAction.UPDATE),
                org.assertj.core.groups.Tuple.tuple("L1004", ChangeAction.UNCHANGED));
    }

    @Test
    void aLoadStepRestartedAfterItsFirstChunkCountsEveryRowOnceAndStillFindsDuplicates() throws Exception {
        // given: Jefferson's 1,500 students pulled over SFTP, then a file whose second chunk (from line 1002) repeats
        // a student left unchanged in the first chunk and one renamed there
        TestSftpServer.behaveNormally();
        List<String> all = rows("J", 1000, 2500);
        TestSftpServer.put("jefferson.csv", file(all));
        assertThat(awaitRun(importRuns.pullNow("jefferson-sftp", "test")).status()).isEqualTo(RunStatus.COMPLETED);
        List<String> next = new ArrayList<>(all);
        next.set(5, with(next.get(5), 1, "Renamed"));
        next.set(1200, with(next.get(1200), 1, "Renamed"));
        next.remove(700);
        next.add(1300, row("J", 1007));
        next.add(1301, row("J", 1005));
        TestSftpServer.put("jefferson.csv", file(next));

        // when: the node running the pull dies while its load step writes the second chunk...
        haltOnSecondChunk();
        long runId;
        long execution;
        try {
            long[] pulled = new long[2];
            asAnotherWriter(statement -> {
                statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").close();
                pulled[0] = importRuns.pullNow("jefferson-sftp", "test");
                awaitBlockedSession("");
                // as another node that took the run over would leave it: this node then ends nothing of it
                pulled[1] = jdbc.queryForObject("SELECT job_execution_id FROM import_run WHERE id = ?", Long.class,
                        pulled[0]);
                jdbc.update("UPDATE import_run SET restarts = 1, job_execution_id = -1 WHERE id = ?", pulled[0]);
            });
            runId = pulled[0];
            execution = pulled[1];
            await("the interrupted job to end", Duration.ofSeconds(30), () -> importThreads.getActiveCount() == 0);
        } finally {
            removeHalt();
        }
        assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?", Integer.class,
                runId)).as("the first chunk's unchanged rows, committed with it").isEqualTo(999);
        jdbc.update("""
                UPDATE import_run SET restarts = 0, job_execution_id = ?, node_id = 'node-that-died'
                 WHERE id = ?""", execution, runId);

        // ...and this node restarts the run from its last committed chunk
        recovery.recover(false);
        ImportRun run = awaitRun(runId);

        // then: every row counted once, and both later rows of a student met in the first chunk rejected
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.message()).contains("restarted it at its load step");
        assertThat(run.counts()).isEqualTo(new RunCounts(1501, 0, 2, 0, 0, 1497, 0, 1, 2, 0));
        assertThat(jdbc.queryForObject("SELECT SUM(row_count) FROM unchanged_chunk WHERE run_id = ?", Integer.class,
                runId)).isEqualTo(1497);
        assertThat(importRuns.countChanges(runId, null)).isEqualTo(1500);
        assertThat(importRuns.rejectedRows(runId, 0, 10)).extracting(RejectedRow::reason).containsExactly(
                "Student ID 'J1007' already appears on line 9; each student may appear only once in a file",
                "Student ID 'J1005' already appears on line 7; each student may appear only once in a file");
        assertThat(account("J1700")).containsEntry("status", "DEACTIVATED");
        assertThat(account("J2200")).containsEntry("first_name", "Renamed");
    }

    /** From now on the load step's second chunk waits for the username lock, then fails. */
    abstract void haltOnSecondChunk();

    abstract void removeHalt();

    /**
     * Runs the scenario again on a clean database, staging every row, and expects to observe the same as the first
     * time.
     */
    private void assertSameAsStagingEveryRow(Supplier<List<Long>> scenario, Map<String, Object> unstagedRuns) {
        cleanDatabase();
        unstaged.unstaged(false);
        List<Long> runs = scenario.get();
        for (long run : runs) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unchanged_chunk WHERE run_id = ?", Integer.class,
                    run)).isZero();
        }
        Map<String, Object> staged = observe(runs);
        for (String key : staged.keySet()) {
            assertThat(unstagedRuns.get(key)).as(key).isEqualTo(staged.get(key));
        }
        assertThat(unstagedRuns).isEqualTo(staged);
    }

    /** What the runs did and say, without the ids of runs and accounts (each pass numbers them anew). */
    private Map<String, Object> observe(List<Long> runs) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("accounts", jdbc.queryForList("""
                SELECT student_id, school_id, username, first_name, last_name, middle_initial, grade, birth_date, email,
                       guardian_email, gender, home_room, reference_id, row_hash, origin, status,
                       status_before_deactivation, missing_since, deactivated_at, created_at, updated_at
                  FROM student_account ORDER BY student_id"""));
        seen.put("events", jdbc.queryForList("""
                SELECT a.student_id, e.event, e.at, e.actor, e.detail
                  FROM account_event e JOIN student_account a ON a.id = e.account_id
                 ORDER BY a.student_id, e.at, e.event, e.detail"""));
        for (int i = 0; i < runs.size(); i++) {
            long run = runs.get(i);
            ImportRun found = importRuns.find(run).orElseThrow();
            String message = found.message();
            for (int j = 0; j < runs.size(); j++) {
                message = message.replace("run " + runs.get(j) + " ", "run #" + j + " ");
            }
            seen.put("run " + i, List.of(found.status(), found.counts(), found.dryRun(), message));
            seen.put("run " + i + " rejected", importRuns.rejectedRows(run, 0, 1000));
            List<ChangeAction> filters = new ArrayList<>(List.of(ChangeAction.values()));
            filters.add(0, null);
            for (ChangeAction action : filters) {
                List<PlannedChange> pages = new ArrayList<>();
                for (int page = 0; ; page++) {
                    List<PlannedChange> one = importRuns.changes(run, action, page * 97, 97);
                    pages.addAll(one);
                    if (one.size() < 97) {
                        break;
                    }
                }
                seen.put("run " + i + " changes " + action, List.of(importRuns.countChanges(run, action), pages));
            }
        }
        return seen;
    }
}
