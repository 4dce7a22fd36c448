package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.TestSftpServer;
import org.rostersync.sync.internal.run.RunRecords;
import org.rostersync.sync.internal.run.RunRecovery;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A pulled run whose node died before it applied is restarted by this node, once, and only with the file it began
 * with: what the restart decides, on H2 and PostgreSQL. (Two nodes killed in the middle of load and apply: see
 * NodeFailoverIT.)
 */
abstract class RunRestartTests extends DatabaseTestSupport {

    static final String ROSTER = """
            Student ID,First Name,Last Name,Grade
            7001,Ann,Lee,9
            7002,Bo,Chen,10
            """;

    @Autowired
    RunRecovery recovery;

    @Autowired
    RunRecords runs;

    @Autowired
    ImportNodes nodes;

    @Autowired
    @Qualifier("importExecutor")
    ThreadPoolTaskExecutor importThreads;

    @BeforeEach
    void serveTheRoster() {
        TestSftpServer.behaveNormally();
        TestSftpServer.put("jefferson.csv", ROSTER);
    }

    @AfterEach
    void serveItAgain() {
        TestSftpServer.put("jefferson.csv", ROSTER);
    }

    @Test
    void runWhoseFileChangedSinceItsNodeDiedFailsSayingSoAndAFreshRunImportsTheNewFile() {
        // given: a pulled run left in its load step by a node that died, and the file changed on the server since
        long interrupted = leftLoading(awaitRun(importRuns.pullNow("jefferson-sftp", "test")).runId(), 0);
        TestSftpServer.put("jefferson.csv", ROSTER.replace("7002,Bo,Chen,10", "7002,Bo,Chen,11"));

        // when
        recovery.recover(false);

        // then: the run cannot be finished with another file than the one it began with; a new run reads the new one
        ImportRun failed = awaitRun(interrupted);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.message()).contains("node node-that-died", "stopped before the run ended",
                "fetched the file again", "has changed since the run began", "imports the new file instead",
                "Nothing was changed by this run");
        long fresh = jdbc.queryForObject("SELECT MAX(id) FROM import_run WHERE feed_id = 'jefferson-sftp'",
                Long.class);
        assertThat(fresh).isGreaterThan(interrupted);
        assertThat(failed.message()).contains("run " + fresh + " imports the new file");
        ImportRun next = awaitRun(fresh);
        assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(next.trigger()).isEqualTo(ImportTrigger.MANUAL);
        assertThat(next.counts().updated()).isOne();
        assertThat(account("7002").get("grade")).isEqualTo("11");
    }

    @Test
    void runInterruptedASecondTimeFailsSayingSoInsteadOfRestartingAgain() {
        // given: a pulled run that a node restarted after its node died, and whose restarting node died too
        long interrupted = leftLoading(awaitRun(importRuns.pullNow("jefferson-sftp", "test")).runId(), 1);

        // when
        recovery.recover(false);

        // then
        ImportRun run = awaitRun(interrupted);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).contains("interrupted twice in a row", "node node-that-died",
                "rather than restart it again", "Nothing was changed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run", Integer.class))
                .as("no new run").isOne();
    }

    @Test
    void onlyOneNodeClaimsTheRestartOfADeadNodesRun() {
        // given
        long interrupted = leftLoading(awaitRun(importRuns.pullNow("jefferson-sftp", "test")).runId(), 0);

        // when: two surviving nodes claim it
        boolean first = runs.claimRestart(interrupted, "node-that-died", "node-one", "restarted by node-one");
        boolean second = runs.claimRestart(interrupted, "node-that-died", "node-two", "restarted by node-two");

        // then
        assertThat(List.of(first, second)).containsExactly(true, false);
        assertThat(jdbc.queryForMap("SELECT node_id, restarts, restart_note FROM import_run WHERE id = ?",
                interrupted)).containsValues("node-one", 1, "restarted by node-one");
        assertThat(jdbc.queryForObject("SELECT claimed_by FROM feed_state WHERE feed_id = 'jefferson-sftp'",
                String.class)).isEqualTo("node-one");
        assertThat(runs.claimRestart(interrupted, "node-one", "node-two", "again")).as("restarted once only")
                .isFalse();
        jdbc.update("UPDATE import_run SET status = 'FAILED' WHERE id = ?", interrupted);
    }

    /**
     * Turns a finished pulled run into one a node left in its load step before applying anything (its job execution
     * still STARTED, the feed claimed), restarted {@code restarts} times before.
     */
    private long leftLoading(long runId, int restarts) {
        await("the job execution of run " + runId + " to end", Duration.ofSeconds(10),
                () -> importThreads.getActiveCount() == 0);
        jdbc.update("""
                UPDATE import_run SET status = 'RUNNING', ended_at = NULL, applied_at = NULL, node_id = ?, restarts = ?
                 WHERE id = ?""", "node-that-died", restarts, runId);
        leaveInLoadStep(runId, "jefferson-sftp");
        return runId;
    }
}
