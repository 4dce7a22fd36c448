package org.rostersync.sync.internal.run;

import org.rostersync.sync.internal.job.ImportJobParameters;
import org.rostersync.sync.internal.job.RosterItemReader;
import org.rostersync.sync.internal.job.RunRefusedException;
import org.rostersync.sync.internal.plan.HeldMoves;
import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.database.ImportCommits;

import java.util.List;

import org.rostersync.fetch.FetchException;
import org.rostersync.logging.Failures;
import org.rostersync.roster.RosterFileException;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.rostersync.sync.RunFinished;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a run's record in step with its job execution: RUNNING when it starts; COMPLETED, COMPLETED_WITH_ERRORS,
 * HELD or FAILED (with the reason) when it ends; and always releases the feed for its next run.
 */
public class RunLifecycle implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);

    private final RunRecords runs;
    private final RunReads reads;
    private final JdbcTemplate jdbc;
    private final RunningImports running;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    private final DatabaseDialect dialect;
    private final RunReport report;

    public RunLifecycle(RunRecords runs, RunReads reads, JdbcTemplate jdbc, RunningImports running,
            TransactionTemplate transactions, ApplicationEventPublisher events, DatabaseDialect dialect,
            RunReport report) {
        this.dialect = dialect;
        this.report = report;
        this.transactions = transactions;
        this.events = events;
        this.runs = runs;
        this.reads = reads;
        this.jdbc = jdbc;
        this.running = running;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        running.started(execution);
        runs.markRunning(runId(execution), execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
        // the run's end commits durably, and with it (the WAL is written in order) everything the run committed
        ImportCommits.runEnds();
        try {
            // a database that went away under the run (and is why it failed, most likely) must not leave it RUNNING
            DatabaseOutage.retry("the end of run " + runId(execution), () -> {
                end(execution);
                return null;
            }, running::shuttingDown);
        } finally {
            running.ended(execution);
        }
    }

    private void end(JobExecution execution) {
        long runId = runId(execution);
        if ((failedWith(execution, OptimisticLockingFailureException.class) || reads.restarts(runId) > 0)
                && !reads.jobExecutionId(runId).map(id -> id == execution.getId()).orElse(false)) {
            // another node took this one for gone and restarted the run (a new job execution): its execution
            // changed under this one, which applied nothing; the run, its staging rows and its feed are the restart's.
            // The same when this job failed otherwise (the database went away, and this node with it, for longer
            // than the survivors wait): a run restarted elsewhere is never ended from here
            log.warn("Run {} was restarted by another node while it ran here (this node had stopped checking in);"
                    + " it applied nothing here, and the restart goes on", runId);
            return;
        }
        if (execution.getStatus() != BatchStatus.COMPLETED && reads.applied(runId)) {
            // stopped between apply and report: the plan is in the accounts, so the run did complete
            report.write(runId);
            execution.setStatus(BatchStatus.COMPLETED);
        }
        ImportRun run = reads.find(runId).orElseThrow();
        RunStatus status;
        String message;
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            RunCounts counts = run.counts();
            String guard = reads.guardMessage(runId).orElse(null);
            if (!run.dryRun() && counts.held() > 0) {
                status = RunStatus.HELD;
                message = heldMessage(runId, guard, counts, HeldMoves.count(jdbc, runId) > 0);
            } else {
                status = completedStatus(counts);
                message = (run.dryRun() ? "Dry run, nothing was changed. Would have: " : "") + summary(counts)
                        + (guard == null ? "" : ". " + guard);
            }
            Long reused = execution.getExecutionContext().containsKey(ImportJobParameters.REUSED_RUN)
                    ? execution.getExecutionContext().getLong(ImportJobParameters.REUSED_RUN) : null;
            if (reused != null) {
                message += ". The file is identical to run " + reused + "'s and no account changed since, so its"
                        + " rows were not read again; missing students were checked as usual";
            }
            String encoding = stepNote(execution, RosterItemReader.ENCODING_NOTE);
            if (encoding != null) {
                message += " " + encoding;
            }
            String columns = stepNote(execution, RosterItemReader.COLUMNS_NOTE);
            if (columns != null) {
                message += (message.endsWith(".") ? " " : ". ") + columns;
            }
        } else if (leftForRestart(execution, runId)) {
            log.info("Run {} of feed {} stopped loading because the server is shutting down; it stays RUNNING, and"
                    + " another node, or this one when it starts again, restarts it after its last committed chunk",
                    runId, run.feedId());
            return;
        } else if (execution.getStatus() == BatchStatus.STOPPED || running.shuttingDown()) {
            status = RunStatus.FAILED;
            message = "Stopped cleanly because the server was shutting down, after " + rowsRead(execution)
                    + " rows of the file had been read; nothing was applied. Run the feed again.";
        } else {
            status = RunStatus.FAILED;
            message = failureMessage(execution, runId);
            if (run.dryRun() && failedWith(execution, RunRefusedException.class)) {
                message = "Dry run, nothing was changed. A real run of this file would fail: " + message;
            }
        }
        String restart = reads.restartNote(runId).orElse(null);
        if (restart != null) {
            message += (message.endsWith(".") ? " " : ". ") + restart;
        }
        if (!execution.getExecutionContext().containsKey(ImportJobParameters.REUSED_RUN)) {
            // part of this run's time, not the next one's: a large run leaves its staging rows dead
            dialect.reclaimStaging(run.counts().rows());
        }
        // one transaction: whoever sees the run finished can start the feed's next run at once
        String finalMessage = message;
        RunStatus finalStatus = status;
        // another node that took this one for gone (it had stopped checking in: a long pause, a starved connection
        // pool) may have ended the run and recovered its job execution meanwhile, and told everyone; this node then
        // only saw its job fail on that execution, having applied nothing, and the other node's record stands
        boolean takenOver = status == RunStatus.FAILED && !reads.applied(runId)
                && failedWith(execution, OptimisticLockingFailureException.class);
        // (or restarted it: then the run's record and its feed's claim are the restart's, and this node leaves both)
        boolean recorded = Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean ended = takenOver ? runs.finishIfActiveExecution(runId, execution.getId(), finalStatus,
                    finalMessage) : runs.finish(runId, finalStatus, finalMessage);
            if (ended) {
                runs.release(run.feedId(), runId);
            }
            return ended;
        }));
        if (!recorded) {
            log.warn("Run {} of feed {} was ended by another node while it ran here (this node had stopped checking"
                    + " in); it applied nothing here, and its record is left as that node wrote it", runId,
                    run.feedId());
            return;
        }
        if (status == RunStatus.FAILED) {
            // once the run's end is recorded here: a restart on another node (see above) reads these rows
            dropLoaded(runId);
        }
        log.info("Run {} of feed {} ended {}: {}", runId, run.feedId(), status, message);
        publish(runId);
    }

    /**
     * Whether a run stopped by this node's shutdown is left as a dead node's run is: RUNNING, its feed claimed, its
     * staged rows kept, for {@link RunRestarts} on another node, or on this one when it starts again, to restart it
     * after its last committed chunk, fetching the file again and checking it by its SHA-256. Only a pulled run
     * whose load step stopped, having applied nothing: an uploaded file is kept only by the node that received it,
     * so an upload fails at once, asking for the file again, rather than wait for a node that may not come back.
     */
    private boolean leftForRestart(JobExecution execution, long runId) {
        return execution.getStatus() == BatchStatus.STOPPED && running.shuttingDown()
                && execution.getJobParameters().getString(ImportJobParameters.FILE) == null
                && !reads.applied(runId);
    }

    /**
     * Whether the job failed with {@code type} anywhere in a failure's causes: a guard's refusal, or its execution
     * changed under it ({@link OptimisticLockingFailureException}: another node recovered it).
     */
    private static boolean failedWith(JobExecution execution, Class<? extends Throwable> type) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the load step wrote for a run that applied nothing: it is read by no one again. */
    private void dropLoaded(long runId) {
        jdbc.update("DELETE FROM staged_student WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM staged_staff WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM withdrawn_student WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kept_student WHERE run_id = ?", runId);
    }

    private void publish(long runId) {
        announceEnd(reads, events, runId);
    }

    /**
     * Metrics and notifications hear of a run's end here, whoever ended it (its own node, or another one recovering
     * it); nothing they do may undo the end.
     */
    public static void announceEnd(RunReads reads, ApplicationEventPublisher events, long runId) {
        try {
            reads.find(runId).ifPresent(finished -> events.publishEvent(new RunFinished(finished)));
        } catch (RuntimeException e) {
            log.warn("A listener failed on the end of run {}", runId, Failures.withoutMessages(e));
        }
    }

    /** A run that applied without a hold: with errors when it rejected rows. */
    static RunStatus completedStatus(RunCounts counts) {
        return counts.rejected() > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.COMPLETED;
    }

    /**
     * The message of a HELD run: why the guard held, what was applied, and how to go on.
     *
     * @param moves whether it holds moves out of a school, which only a district admin may approve
     */
    static String heldMessage(long runId, String guard, RunCounts counts, boolean moves) {
        return guard + " Everything else was applied: " + summary(counts) + "." + howToGoOn(runId, moves);
    }

    /** The end of a HELD run's message: what an admin can do about it (gone once they did). */
    public static String howToGoOn(long runId, boolean moves) {
        return moves ? " A district admin can apply the held changes with POST /api/runs/" + runId + "/approve, or"
                + " fix the file and run the feed again."
                : " An admin can apply the held deactivations with POST /api/runs/" + runId + "/approve, or fix the"
                        + " file and run the feed again.";
    }

    static String summary(RunCounts c) {
        return "%d rows: %d created, %d updated, %d transferred, %d reactivated, %d unchanged, %d missing,"
                .formatted(c.rows(), c.created(), c.updated(), c.transferred(), c.reactivated(), c.unchanged(),
                        c.missing())
                + " %d deactivated, %d rejected".formatted(c.deactivated(), c.rejected());
    }

    private String failureMessage(JobExecution execution, long runId) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof RosterFileException) {
                    return t.getMessage() + ". Nothing was changed.";
                }
                if (t instanceof RunRefusedException) {
                    return t.getMessage() + ".";
                }
                if (t instanceof FetchException) {
                    String reason = t.getMessage().endsWith(".") ? t.getMessage().substring(0,
                            t.getMessage().length() - 1) : t.getMessage();
                    return "The roster file could not be fetched: " + reason + ". Nothing was changed.";
                }
            }
        }
        Throwable first = failures.isEmpty() ? null : failures.get(0);
        if (first != null) {
            log.error("Run {} failed", runId, Failures.withoutMessages(first));
        }
        if (failures.stream().anyMatch(DatabaseOutage::lostConnection)) {
            return databaseLost(runId);
        }
        return "The import stopped unexpectedly (" + (first == null ? execution.getExitStatus().getExitCode()
                : first.getClass().getSimpleName()) + "); nothing was changed. The server log has the details"
                + " for run " + runId + ".";
    }

    /** The message of a run that failed because the database went away under it (restarted, refused connections). */
    static String databaseLost(long runId) {
        return "The connection to the database was lost during the import (the database restarted or refused"
                + " connections); nothing was changed. Run the feed again once the database is back. The server log"
                + " has the details for run " + runId + ".";
    }

    private static long rowsRead(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals("load"))
                .mapToLong(step -> step.getReadCount())
                .sum();
    }

    /** A sentence the load step left for the run's message under {@code key}, or {@code null}. */
    private static String stepNote(JobExecution execution, String key) {
        return execution.getStepExecutions().stream()
                .map(step -> step.getExecutionContext().getString(key, null))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static long runId(JobExecution execution) {
        return execution.getJobParameters().getLong(ImportJobParameters.RUN_ID);
    }
}
