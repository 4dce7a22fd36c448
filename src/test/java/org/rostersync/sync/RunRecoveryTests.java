package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.Waiting;
import org.rostersync.sync.internal.run.RunRecovery;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Start-up recovery of runs a crashed node left RUNNING, on H2 and PostgreSQL. */
@RecordApplicationEvents
abstract class RunRecoveryTests extends DatabaseTestSupport {

    @Autowired
    ApplicationEvents events;

    static final String ROSTER = "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n";

    @Autowired
    RunRecovery recovery;

    @Autowired
    ImportNodes nodes;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("importExecutor")
    org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor importThreads;

    @Test
    void runLeftRunningByADeadNodeIsFailedAndItsFeedFreed() {
        // given: a run whose node died during the load step, its job execution still STARTED, the feed claimed
        long crashed = leaveRunning(importFile("lincoln-upload", ROSTER).runId(), "node-that-died");
        long execution = jdbc.queryForObject("SELECT job_execution_id FROM import_run WHERE id = ?", Long.class,
                crashed);

        // when (the minute sweep may get there first: either way the run is recovered once)
        recovery.recover(false);

        // then
        ImportRun run = importRuns.find(crashed).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("node node-that-died").contains("stopped before the run ended")
                .contains("Nothing was changed")
                .as("an upload interrupted before its load step completed: its file is not kept for another node")
                .contains("upload the file again");
        assertThat(jobRepository.getJobExecution(execution).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL",
                Integer.class)).isZero();
        assertThat(importFile("lincoln-upload", ROSTER).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(events.stream(RunFinished.class).map(RunFinished::run))
                .as("mails and metrics hear of the recovered run")
                .anySatisfy(finished -> {
                    assertThat(finished.runId()).isEqualTo(crashed);
                    assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
                });
    }

    @Test
    void runWhoseNodeDiedAfterApplyingEndsWithItsReportNotFailed() {
        // given: a run whose node died between its apply step's commit and its report step
        long applied = importFile("lincoln-upload", ROSTER + "2,Bo,Chen,3\n").runId();
        awaitJobExecutionEnd(applied);
        jdbc.update("""
                UPDATE import_run SET status = 'RUNNING', ended_at = NULL, message = NULL, node_id = ?,
                       created = 0, rows_read = 0 WHERE id = ?""", "node-that-died", applied);
        jdbc.update("UPDATE feed_state SET active_run_id = ? WHERE feed_id = 'lincoln-upload'", applied);

        // when
        recovery.recover(false);

        // then
        ImportRun run = importRuns.find(applied).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(2);
        assertThat(run.message()).contains("node node-that-died", "stopped after applying it", "2 created");
        assertThat(events.stream(RunFinished.class).map(RunFinished::run).map(ImportRun::runId)).contains(applied);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL",
                Integer.class)).isZero();
    }

    @Test
    void aSchoolAdminsRunWhoseNodeDiedAfterApplyingEndsHeldAndItsTransferCanStillBeApproved() throws Exception {
        // given: Washington's student 7, and a Lincoln admin's upload naming them whose node died after applying
        importFile("washington-upload", "Student ID,First Name,Last Name,Grade\n7,Wes,Tan,6\n");
        long applied = importRuns.upload("lincoln-upload", new java.io.ByteArrayInputStream(
                (ROSTER + "7,Wes,Tan,3\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)), "lincoln-admin",
                java.util.List.of("lincoln"), false, false);
        awaitRun(applied);
        awaitJobExecutionEnd(applied);
        jdbc.update("""
                UPDATE import_run SET status = 'RUNNING', ended_at = NULL, message = NULL, node_id = ?, held = 0
                 WHERE id = ?""", "node-that-died", applied);
        jdbc.update("UPDATE feed_state SET active_run_id = ? WHERE feed_id = 'lincoln-upload'", applied);

        // when
        recovery.recover(false);

        // then: HELD as its report would have ended it, the transfer still approvable by a district admin
        ImportRun run = importRuns.find(applied).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.HELD);
        assertThat(run.counts().held()).isEqualTo(1);
        assertThat(run.message()).contains("stopped after applying it", "A district admin can apply the held");
        assertThat(importRuns.approveHolds(applied, "admin").transferred()).isEqualTo(1);
        assertThat(account("7")).containsEntry("school_id", "lincoln").containsEntry("grade", "3");
    }

    @Test
    void runWhoseEndALiveNodeCouldNotRecordIsEndedAfterAWhileAndItsFeedFreed() throws InterruptedException {
        // given: a run of this live node whose job ended, but whose end its listener could not write (the database
        // failed at that moment): still RUNNING, nothing applied, its feed claimed
        long stuck = importFile("lincoln-upload", ROSTER).runId();
        awaitJobExecutionEnd(stuck);
        jdbc.update("UPDATE import_run SET status = 'RUNNING', ended_at = NULL, message = NULL, applied_at = NULL,"
                + " node_id = ? WHERE id = ?", nodes.localNodeId(), stuck);
        jdbc.update("UPDATE feed_state SET active_run_id = ? WHERE feed_id = 'lincoln-upload'", stuck);

        // when: its job ended a moment ago (its listener may still be at work)
        // then: left alone
        assertThat(recovery.recover(false)).isZero();
        assertThat(importRuns.find(stuck).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

        // when: its job ended 11 minutes ago
        jdbc.update("""
                UPDATE BATCH_JOB_EXECUTION SET END_TIME = ?
                 WHERE JOB_EXECUTION_ID = (SELECT job_execution_id FROM import_run WHERE id = ?)""",
                LocalDateTime.now().minusMinutes(11), stuck);
        // the node lets go of the job execution just after its listener, so recovery is tried until it takes
        Waiting.upTo(Duration.ofSeconds(5), "run " + stuck + " to leave RUNNING").pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    recovery.recover(false);
                    return importRuns.find(stuck).orElseThrow().status() != RunStatus.RUNNING;
                });

        // then: FAILED, saying what happened, and the feed is free for its next run
        ImportRun run = importRuns.find(stuck).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("node " + nodes.localNodeId(), "its end could not be recorded",
                "Nothing was changed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL",
                Integer.class)).isZero();
        assertThat(events.stream(RunFinished.class).map(RunFinished::run).map(ImportRun::runId)).contains(stuck);
        assertThat(importFile("lincoln-upload", ROSTER).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void runRestartedAfterItsPlanStepButWithoutItsGuardIsGuardedBeforeItApplies() throws Exception {
        // given: ten students, and a file keeping two of them: a real run holds the eight deactivations
        StringBuilder ten = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= 10; i++) {
            ten.append(100 + i).append(",Kid,Number").append(i).append(",7\n");
        }
        importFile("washington-upload", ten.toString());
        String two = "Student ID,First Name,Last Name,Grade\n101,Kid,Number1,7\n102,Kid,Number2,7\n";
        long[] run = new long[1];
        asAnotherWriter(statement -> {
            // its apply step waits at its first lock, the plan step (plan and guard) committed
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
            run[0] = importRuns.upload("washington-upload", new java.io.ByteArrayInputStream(
                    two.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test", false, false);
            awaitBlockedSession("SELECT id FROM username_lock");

            // when: its job's record lacks the guard's mark, as when its node died between the plan step's commit
            // and the job's context, or an older version ran the guard as a step of its own; and its node is gone
            jdbc.update("UPDATE planned_change SET held = FALSE WHERE run_id = ?", run[0]);
            jdbc.update("UPDATE import_run SET guard_message = NULL, held = 0 WHERE id = ?", run[0]);
            var execution = jobRepository.getJobExecution(jdbc.queryForObject(
                    "SELECT job_execution_id FROM import_run WHERE id = ?", Long.class, run[0]));
            execution.getExecutionContext().remove("guarded");
            jobRepository.updateExecutionContext(execution);
            jdbc.update("UPDATE import_run SET node_id = 'node-that-stopped-checking-in' WHERE id = ?", run[0]);
            assertThat(recovery.recover(false)).isOne();
            awaitBlockedSessions("SELECT id FROM username_lock", 2);
        });
        await("both executions of the run to end", Duration.ofSeconds(60),
                () -> importThreads.getActiveCount() == 0 && importRuns.find(run[0]).orElseThrow().status()
                        .finished());

        // then: the restart guarded the plan before applying it: the deactivations wait for an admin
        ImportRun restarted = importRuns.find(run[0]).orElseThrow();
        assertThat(restarted.status()).isEqualTo(RunStatus.HELD);
        assertThat(restarted.counts().held()).isEqualTo(8);
        assertThat(restarted.counts().deactivated()).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM student_account WHERE school_id = 'washington' AND status = 'DEACTIVATED'""",
                Integer.class)).isZero();
        assertThat(jdbc.queryForList("""
                SELECT s.STEP_NAME FROM BATCH_STEP_EXECUTION s JOIN import_run r ON r.job_execution_id = s.JOB_EXECUTION_ID
                 WHERE r.id = ?""", String.class, run[0])).as("the restart's steps").contains("guard", "apply");
    }

    @Test
    void runTakenForDeadInItsApplyStepIsRestartedHereAndItsOldExecutionAppliesNothing() throws Exception {
        // given: two accounts, and a file without the second one, moving the first one up a grade
        importFile("lincoln-upload", ROSTER + "2,Bo,Chen,3\n");
        long[] late = new long[1];
        asAnotherWriter(statement -> {
            // a run whose node pauses (a long GC pause, a starved connection pool) as its apply step begins: held
            // here at the step's first lock
            statement.executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
            late[0] = importRuns.upload("lincoln-upload", new java.io.ByteArrayInputStream(ROSTER.replace(",3\n",
                    ",4\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test", false, false);
            awaitBlockedSession("SELECT id FROM username_lock");

            // when: meanwhile it stops checking in, and another node takes it for dead and restarts its run (its
            // file was loaded: what the restart needs is in the database), whose apply waits for the same lock
            jdbc.update("UPDATE import_run SET node_id = 'node-that-stopped-checking-in' WHERE id = ?", late[0]);
            assertThat(recovery.recover(false)).isOne();
            awaitBlockedSessions("SELECT id FROM username_lock", 2);
        });
        // and then the node comes back and its run goes on, beside the restart
        await("both executions of the run to end", Duration.ofSeconds(60),
                () -> importThreads.getActiveCount() == 0 && importRuns.find(late[0]).orElseThrow().status()
                        .finished());

        // then: the restart finished the run once; the old execution applied nothing and left the record alone
        ImportRun run = importRuns.find(late[0]).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.message()).contains("node node-that-stopped-checking-in", "restarted it at its apply step");
        assertThat(run.counts().updated()).isOne();
        assertThat(account("1").get("grade")).isEqualTo("4");
        assertThat(run.counts().missing() + run.counts().deactivated()).isOne();
        assertThat(jdbc.queryForObject("SELECT node_id FROM import_run WHERE id = ?", String.class, late[0]))
                .isEqualTo(nodes.localNodeId());
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = (
                       SELECT e.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION e
                         JOIN import_run r ON r.job_execution_id = e.JOB_EXECUTION_ID WHERE r.id = ?)""",
                Integer.class, late[0])).as("the interrupted execution and its restart, of one job instance")
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_state WHERE active_run_id IS NOT NULL",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE run_id = ? AND event = 'UPDATED'",
                Integer.class, late[0])).as("the update's audit event, written once").isOne();
    }

    @Test
    void feedLeftClaimedByANodeThatDiedApprovingAHeldRunIsFreedAndTheRunCanStillBeApproved() {
        // given: a run that held 6 deactivations (60%, the feed allows 20%)
        StringBuilder all = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= 10; i++) {
            all.append("B").append(i).append(",Kid,Adams").append((char) ('a' + i)).append(",5\n");
        }
        importFile("adams-guarded", all.toString());
        long held = importFile("adams-guarded", all.substring(0, all.indexOf("B5,"))).runId();
        assertThat(importRuns.find(held).orElseThrow().status()).isEqualTo(RunStatus.HELD);
        // and an admin's approval of it on a node that died half-way: the approval claims the feed for the HELD
        // run, and its transaction died with the node
        jdbc.update("UPDATE feed_state SET active_run_id = ?, claimed_by = 'node-that-died' WHERE feed_id = ?",
                held, "adams-guarded");
        // while this live node is approving another feed's HELD run
        long approving = importFile("lincoln-upload", ROSTER).runId();
        jdbc.update("UPDATE feed_state SET active_run_id = ?, claimed_by = ? WHERE feed_id = 'lincoln-upload'",
                approving, nodes.localNodeId());

        // when
        recovery.recover(false);

        // then: the feed takes runs again, and the held deactivations can still be approved; the live node's
        // approval keeps its feed
        assertThat(jdbc.queryForObject("SELECT active_run_id FROM feed_state WHERE feed_id = 'adams-guarded'",
                Long.class)).isNull();
        assertThat(jdbc.queryForObject("SELECT active_run_id FROM feed_state WHERE feed_id = 'lincoln-upload'",
                Long.class)).isEqualTo(approving);
        jdbc.update("UPDATE feed_state SET active_run_id = NULL WHERE feed_id = 'lincoln-upload'");
        assertThat(importRuns.approve(held, "admin")).isEqualTo(6);
        assertThat(importRuns.find(held).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void runOfALiveNodeIsLeftAlone() {
        // given: a run this node is still working on
        long mine = leaveRunning(importFile("lincoln-upload", ROSTER).runId(), nodes.localNodeId());

        // when
        int recovered = recovery.recover(true);

        // then
        assertThat(recovered).isZero();
        assertThat(importRuns.find(mine).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(jdbc.queryForObject("SELECT active_run_id FROM feed_state WHERE feed_id = 'lincoln-upload'",
                Long.class)).isEqualTo(mine);
    }

    /** Turns a finished run back into one that a node left RUNNING before applying anything. */
    private long leaveRunning(long runId, String nodeId) {
        awaitJobExecutionEnd(runId);
        jdbc.update("UPDATE import_run SET status = 'RUNNING', ended_at = NULL, applied_at = NULL, node_id = ?"
                + " WHERE id = ?", nodeId, runId);
        leaveInLoadStep(runId, "lincoln-upload");
        return runId;
    }

    /**
     * The run's record ends in the job's listener; Spring Batch stores the execution's end time and status just
     * before its listeners and again after them, so the test waits until the import threads are idle (the job,
     * both stores included, is over) before changing the run's rows.
     */
    private void awaitJobExecutionEnd(long runId) {
        Waiting.upTo(Duration.ofSeconds(10), "the job execution of run " + runId
                + " to end").until(() -> importThreads.getActiveCount() == 0 && jdbc.queryForObject(
                        "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN import_run r"
                        + " ON r.job_execution_id = e.JOB_EXECUTION_ID WHERE r.id = ? AND e.STATUS = 'COMPLETED'"
                        + " AND e.END_TIME IS NOT NULL", Integer.class, runId) > 0);
    }
}
