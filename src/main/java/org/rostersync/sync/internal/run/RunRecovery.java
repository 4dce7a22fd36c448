package org.rostersync.sync.internal.run;

import org.rostersync.sync.internal.plan.HeldMoves;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportNodes;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes or frees the runs left QUEUED or RUNNING by a node that crashed. A run that had not applied is restarted
 * on this node where it can be ({@link RunRestarts}: the same run, from its last committed chunk). Otherwise the job
 * execution is recovered ({@link JobOperator#recover}, so Spring Batch shows it FAILED), the run is marked FAILED
 * with a message, and the feed's claim is released. Only runs of nodes that no longer check in are touched, never a
 * run a live node of the cluster is still working on. It runs once before the scheduler starts, and every 15 seconds
 * after (a look at the active runs, cheap), so a live node takes over the runs of a node that died beside it within
 * about half a minute.
 * <p>
 * Feeds claimed for a run that has ended (an approval of held deactivations, or a recovery, whose node died before
 * it released the feed) are released once the node that claimed them is gone.
 * <p>
 * It also ends a run whose job ended on a live node without its end being recorded (the database failed the moment
 * the run's listener wrote it), which would otherwise hold its feed until the server restarts. Spring Batch stores
 * a job execution's end time just before its listeners run, and the run's listener may take a while (it vacuums
 * staging after a large run), so only a run still active {@link #UNRECORDED_AFTER} after its job's end, and no
 * longer executing on this node, is taken for one.
 */
@Component
public class RunRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    /** How long after its job's end a run still active is taken for one whose end could not be recorded. */
    static final java.time.Duration UNRECORDED_AFTER = java.time.Duration.ofMinutes(10);

    private final RunRecords runs;
    private final RunReads reads;
    private final ImportNodes nodes;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final JdbcTemplate jdbc;
    private final SchoolDirectory directory;
    private final ApplicationEventPublisher events;
    private final RunningImports executing;
    private final RunReport report;
    private final RunRestarts restarts;
    private volatile boolean running;

    RunRecovery(RunRecords runs, RunReads reads, ImportNodes nodes, JobRepository jobRepository,
            JobOperator jobOperator, JdbcTemplate jdbc, SchoolDirectory directory, ApplicationEventPublisher events,
            RunningImports executing, RunReport report, RunRestarts restarts) {
        this.restarts = restarts;
        this.report = report;
        this.events = events;
        this.executing = executing;
        this.runs = runs;
        this.reads = reads;
        this.nodes = nodes;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** Before Quartz (phase {@code Integer.MAX_VALUE}) fires anything: feeds registered, dead runs recovered. */
    @Override
    public void start() {
        runs.registerFeeds(directory.feeds().stream().map(ImportFeed::id).toList());
        runs.recordDistricts(directory.feeds().stream()
                .collect(java.util.stream.Collectors.toMap(ImportFeed::id, ImportFeed::districtId)));
        recover(true);
        running = true;
    }

    /** Every 15 s: a dead node's run is restarted elsewhere within about half a minute of the kill. */
    @Scheduled(initialDelay = 15_000, fixedDelay = 15_000)
    void sweep() {
        recover(false);
    }

    /**
     * Recovers the active runs of dead nodes, and those whose end a live node could not record.
     *
     * @param atStartup also recover runs that name no node (left by a version that did not record one)
     * @return how many runs were recovered
     */
    public int recover(boolean atStartup) {
        int recovered = 0;
        for (RunReads.ActiveRun run : reads.activeRuns()) {
            if (recover(run, atStartup) != Recovery.LEFT) {
                recovered++;
            }
        }
        releaseClaimsOfEndedRuns(atStartup);
        return recovered;
    }

    /**
     * Frees the feed now if the run that holds it was left by a node that is gone (or its claim outlived the run's
     * end on such a node), rather than at the next sweep: a scheduled firing that meets it is not lost to it.
     *
     * @return whether the feed was freed
     */
    public boolean freeIfLeftByGoneNode(String feedId) {
        Long holder = reads.activeRun(feedId).orElse(null);
        if (holder == null) {
            return true;
        }
        for (RunReads.ActiveRun run : reads.activeRuns()) {
            if (run.runId() == holder) {
                // a run restarted here still holds its feed: the firing is skipped, the restart brings it up to date
                return recover(run, false) == Recovery.ENDED;
            }
        }
        for (RunReads.EndedRunClaim claim : reads.claimsOfEndedRuns()) {
            if (claim.feedId().equals(feedId) && claim.runId() == holder) {
                return releaseIfGone(claim, false);
            }
        }
        return false;
    }

    /** What the recovery did with an active run. */
    private enum Recovery {
        /** Ended it (and freed its feed). */
        ENDED,
        /** Restarted it here, or another node did: it goes on, holding its feed. */
        RESTARTED,
        /** Left it alone: its node is alive, or another node ended it first. */
        LEFT
    }

    private Recovery recover(RunReads.ActiveRun run, boolean atStartup) {
        boolean dead = run.nodeId() == null ? atStartup : !nodes.isAlive(run.nodeId());
        String node = run.nodeId() == null ? "an unknown node" : "node " + run.nodeId();
        String here = "node " + nodes.localNodeId();
        if (dead) {
            String failed = "The server running this import (" + node + ") stopped before the run ended; " + here
                    + " marked it FAILED. Nothing was changed; run the feed again.";
            if (!run.applied()) {
                RunRestarts.Decision restart = restarts.restart(run);
                if (restart.outcome() != RunRestarts.Outcome.REFUSED) {
                    return Recovery.RESTARTED;
                }
                if (restart.message() != null) {
                    failed = restart.message();
                }
            }
            return recover(run, node, failed,
                    "The server running this import (" + node + ") stopped after applying it; " + here
                            + " finished its report. ") ? Recovery.ENDED : Recovery.LEFT;
        }
        return endedUnrecorded(run) && recover(run, node,
                "The job of this run ended on " + node + ", but its end could not be recorded (that node's log"
                        + " says why); " + here + " marked it FAILED. Nothing was changed; run the feed again.",
                "The job of this run ended on " + node + " after applying it, but its end could not be recorded"
                        + " (that node's log says why); " + here + " finished its report. ")
                ? Recovery.ENDED : Recovery.LEFT;
    }

    /**
     * Frees feeds claimed for a run that has ended by a node that is gone: one that died approving a HELD run's
     * deactivations (the approval claims the feed for the HELD run), or recovering another node's run between
     * ending it and releasing its feed. Nothing else would ever release such a claim: every run of the feed would be
     * refused as busy, every firing skipped. A claim whose node is not recorded (taken by an earlier version) is
     * freed at start-up, like a run that names no node.
     */
    private void releaseClaimsOfEndedRuns(boolean atStartup) {
        for (RunReads.EndedRunClaim claim : reads.claimsOfEndedRuns()) {
            releaseIfGone(claim, atStartup);
        }
    }

    private boolean releaseIfGone(RunReads.EndedRunClaim claim, boolean atStartup) {
        boolean dead = claim.nodeId() == null ? atStartup : !nodes.isAlive(claim.nodeId());
        if (dead && runs.releaseClaimOf(claim.feedId(), claim.runId(), claim.nodeId())) {
            log.warn("Feed {} was left claimed for run {}, which had ended, by {} that stopped; the feed is"
                    + " released", claim.feedId(), claim.runId(),
                    claim.nodeId() == null ? "an unknown node" : "node " + claim.nodeId());
            return true;
        }
        return false;
    }

    /** The run's job ended long ago (by the clock Spring Batch stores it with), and its listener is not at work. */
    private boolean endedUnrecorded(RunReads.ActiveRun run) {
        // only the node's own runs: Spring Batch stores the end time in the local time of the node that wrote it,
        // and only that node knows whether the run's listener is still at work
        if (run.jobExecutionId() == null || !nodes.localNodeId().equals(run.nodeId())
                || executing.executes(run.jobExecutionId())) {
            return false;
        }
        JobExecution execution = jobRepository.getJobExecution(run.jobExecutionId());
        return execution != null && execution.getEndTime() != null && !execution.isRunning()
                && execution.getEndTime().isBefore(java.time.LocalDateTime.now().minus(UNRECORDED_AFTER));
    }

    /**
     * @param failed  the message of a run that applied nothing
     * @param applied how the message of a run that did apply begins, before its counts
     */
    private boolean recover(RunReads.ActiveRun run, String node, String failed, String applied) {
        // only while it is still that node's: a node restarting it (see RunRestarts) has made it its own
        boolean ended = run.applied() ? finishApplied(run, applied)
                : runs.failIfActiveOn(run.runId(), run.nodeId(), failed);
        if (!ended) {
            return false; // another node recovered or restarted it first
        }
        if (run.jobExecutionId() != null) {
            JobExecution execution = jobRepository.getJobExecution(run.jobExecutionId());
            if (execution != null && execution.isRunning()) {
                jobOperator.recover(execution);
            }
        }
        jdbc.update("DELETE FROM staged_staff WHERE run_id = ?", run.runId());
        if (run.applied()) {
            HeldMoves.dropStaging(jdbc, run.runId()); // the held moves' rows, for their approval
        } else {
            jdbc.update("DELETE FROM staged_student WHERE run_id = ?", run.runId());
            jdbc.update("DELETE FROM withdrawn_student WHERE run_id = ?", run.runId());
            jdbc.update("DELETE FROM kept_student WHERE run_id = ?", run.runId());
        }
        runs.release(run.feedId(), run.runId());
        log.warn("Run {} of feed {} was left unfinished by {}; ended and the feed released", run.runId(),
                run.feedId(), node);
        // mails and metrics hear of it as of any run's end: a FAILED or HELD run needs someone to look
        RunLifecycle.announceEnd(reads, events, run.runId());
        return true;
    }

    /**
     * A run whose node died after its apply step committed did change the accounts: FAILED would say it did not.
     * Its counts come from its plan, as its report step would have written them, and it ends as that step would
     * have ended it: COMPLETED, COMPLETED_WITH_ERRORS, or HELD with its held deactivations approvable.
     */
    private boolean finishApplied(RunReads.ActiveRun run, String recovered) {
        long runId = run.runId();
        report.write(runId);
        RunCounts counts = reads.find(runId).orElseThrow().counts();
        if (counts.held() > 0) {
            return runs.endIfActive(runId, RunStatus.HELD,
                    recovered + RunLifecycle.heldMessage(runId, reads.guardMessage(runId).orElse(""), counts,
                            HeldMoves.count(jdbc, runId) > 0));
        }
        return runs.endIfActive(runId, RunLifecycle.completedStatus(counts),
                recovered + RunLifecycle.summary(counts) + ".");
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
