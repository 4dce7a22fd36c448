package org.rostersync.sync.internal.run;

import java.util.Comparator;
import java.util.Optional;

import org.rostersync.fetch.DownloadedFile;
import org.rostersync.fetch.FetchException;
import org.rostersync.fetch.SftpDownloads;
import org.rostersync.logging.Failures;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportNodes;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.rostersync.sync.internal.housekeeping.RosterFiles;
import org.rostersync.sync.internal.job.ImportJobParameters;
import org.rostersync.sync.internal.job.RosterDownload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finishes the run of a node that died before applying it, on this node: a Spring Batch restart of the same job
 * instance (same run id), which skips the steps that completed and resumes the load step after its last committed
 * chunk (a chunk's staged rows and the step's read count commit together, so none is staged twice). The apply step
 * is one transaction: killed in the middle, it applied nothing, and it runs again whole.
 * <p>
 * Exactly one node restarts a run: it claims it in the database ({@link RunRecords#claimRestart}) from the dead
 * node, and only once, so a run interrupted a second time fails and says so. Nodes do not share their data-dir: a
 * run that still has to read its file fetches it again from the feed's server, and goes on only if its SHA-256 is
 * the one the run recorded; a changed file fails the run and starts a fresh run of the feed for the new file. An
 * uploaded file is kept only by the node that received it, so an upload is never restarted elsewhere: it fails,
 * saying to upload it again.
 */
@Component
class RunRestarts {

    private static final Logger log = LoggerFactory.getLogger(RunRestarts.class);

    /** What became of a dead node's run. */
    enum Outcome {
        /** This node claimed it and restarts it. */
        RESTARTED,
        /** Another node claimed it first. */
        TAKEN,
        /** It cannot be restarted: the caller ends it, with {@link Decision#message()} if there is one. */
        REFUSED
    }

    /** @param message why the run cannot be restarted, for its FAILED message; {@code null}: the usual one */
    record Decision(Outcome outcome, String message) {
    }

    private final RunRecords runs;
    private final RunReads reads;
    private final ImportNodes nodes;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final SchoolDirectory directory;
    private final ImportLauncher launcher;
    private final SftpDownloads downloads;
    private final RosterFiles files;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final TaskExecutor executor;
    private final RunningImports running;

    RunRestarts(RunRecords runs, RunReads reads, ImportNodes nodes, JobRepository jobRepository, JobOperator jobOperator,
            SchoolDirectory directory, ImportLauncher launcher, SftpDownloads downloads, RosterFiles files,
            TransactionTemplate transactions, ApplicationEventPublisher events,
            @Qualifier("importExecutor") TaskExecutor executor, RunningImports running) {
        this.runs = runs;
        this.reads = reads;
        this.nodes = nodes;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.directory = directory;
        this.launcher = launcher;
        this.downloads = downloads;
        this.files = files;
        this.transactions = transactions;
        this.events = events;
        this.executor = executor;
        this.running = running;
    }

    /**
     * Restarts the run that {@code run.nodeId()}, now gone, left before applying it, if it can be restarted and no
     * other node took it first. The restart itself (a download, then the job) runs on the import threads.
     */
    Decision restart(RunReads.ActiveRun run) {
        if (run.nodeId() == null || run.jobExecutionId() == null || run.applied() || running.shuttingDown()) {
            return new Decision(Outcome.REFUSED, null); // no job to restart, or this node is stopping
        }
        JobExecution execution = jobRepository.getJobExecution(run.jobExecutionId());
        ImportFeed feed = directory.feed(run.feedId()).orElse(null);
        if (execution == null || feed == null || execution.getStatus() == BatchStatus.COMPLETED
                || execution.getStatus() == BatchStatus.ABANDONED) {
            return new Decision(Outcome.REFUSED, null);
        }
        String here = "node " + nodes.localNodeId();
        String gone = "node " + run.nodeId();
        if (reads.restarts(run.runId()) > 0) {
            return new Decision(Outcome.REFUSED, "This import was interrupted twice in a row: " + gone
                    + ", which had restarted it after the server that started it stopped, stopped before the run"
                    + " ended too; " + here + " marked it FAILED rather than restart it again. Nothing was changed;"
                    + " run the feed again.");
        }
        StepExecution interrupted = interruptedStep(execution).orElse(null);
        boolean fileRead = completed(execution, "load") || completed(execution, "reusePlan")
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStepName().equals("onePass")
                        && step.getStatus() == BatchStatus.COMPLETED
                        && step.getExitStatus().getExitCode().equals("COMPLETED"));
        if (execution.getJobParameters().getString(ImportJobParameters.FILE) != null && !fileRead) {
            return new Decision(Outcome.REFUSED, "The server running this import (" + gone + ") stopped before the"
                    + " run ended; " + here + " marked it FAILED. An uploaded file is kept only by the node that"
                    + " received it, so no other node can finish reading it. Nothing was changed; upload the file"
                    + " again.");
        }
        if (execution.getJobParameters().getString(ImportJobParameters.FILE) == null && feed.sftp() == null) {
            return new Decision(Outcome.REFUSED, null);
        }
        String recordedSha = fileRead ? null : reads.fileSha256(run.runId()).orElse(null);
        String note = note(gone, here, interrupted, recordedSha != null);
        Boolean claimed = transactions.execute(tx -> runs.claimRestart(run.runId(), run.nodeId(),
                nodes.localNodeId(), note));
        if (!Boolean.TRUE.equals(claimed)) {
            return new Decision(Outcome.TAKEN, null);
        }
        if (execution.isRunning()) {
            execution = jobOperator.recover(execution);
        }
        JobExecution last = execution;
        log.warn("Run {} of feed {} was left unfinished by {}; {} restarts it{}", run.runId(), run.feedId(), gone,
                here, interrupted == null ? "" : " at its " + interrupted.getStepName() + " step");
        executor.execute(() -> finish(run.runId(), feed, last, recordedSha, gone, here));
        return new Decision(Outcome.RESTARTED, null);
    }

    /** On an import thread: the file fetched again and checked if the run still reads it, then the job restarted. */
    private void finish(long runId, ImportFeed feed, JobExecution interrupted, String recordedSha, String gone,
            String here) {
        if (recordedSha != null) {
            DownloadedFile file;
            try {
                file = new RosterDownload(downloads, files, runs, feed, runId).fetch();
            } catch (FetchException e) {
                fail(runId, feed, "The server running this import (" + gone + ") stopped before the run ended; "
                        + here + " could not fetch the file again to finish it: " + e.getMessage()
                        + (e.getMessage().endsWith(".") ? "" : ".") + " Nothing was changed; run the feed again.");
                return;
            } catch (RuntimeException e) {
                log.error("Run {} of feed {} could not fetch its file again", runId, feed.id(),
                        Failures.withoutMessages(e));
                fail(runId, feed, "The server running this import (" + gone + ") stopped before the run ended; "
                        + here + " could not fetch the file again to finish it (" + e.getClass().getSimpleName()
                        + "). Nothing was changed; run the feed again.");
                return;
            }
            if (!file.sha256().equals(recordedSha)) {
                startAfresh(runId, feed, gone, here, recordedSha, file.sha256());
                return;
            }
            // the same file, now in this node's data-dir, where the restarted load step reads it
            runs.attachFile(runId, file.path().toString(), file.size(), file.sha256());
        }
        if (!launcher.restart(runId, feed.id(), interrupted)) {
            RunLifecycle.announceEnd(reads, events, runId);
        }
    }

    /**
     * The feed's file changed since the run fetched it: the run cannot be finished with a file other than the one it
     * began reading, so it fails, and a fresh run of the feed (same trigger and starter) imports the new file.
     */
    private void startAfresh(long runId, ImportFeed feed, String gone, String here, String was, String now) {
        ImportRun old = reads.find(runId).orElseThrow();
        RunReads.RunSettings settings = reads.settings(runId).orElseThrow();
        Long fresh = transactions.execute(tx -> {
            long next = runs.insertQueued(feed.id(), feed.districtId(), old.trigger(), settings.requestedBy(), null,
                    settings.dryRun(), settings.force(), nodes.localNodeId(), null);
            runs.finish(runId, RunStatus.FAILED, "The server running this import (" + gone + ") stopped before the"
                    + " run ended; " + here + " fetched the file again to finish it, but the file on the server has"
                    + " changed since the run began (SHA-256 " + abbreviated(was) + "… then, " + abbreviated(now)
                    + "… now), so this run cannot be finished; run " + next + " imports the new file instead. Nothing"
                    + " was changed by this run.");
            runs.release(feed.id(), runId);
            if (!runs.claim(feed.id(), next, nodes.localNodeId())) {
                tx.setRollbackOnly(); // a run of the feed started in between: it reads the new file
                return null;
            }
            return next;
        });
        if (fresh == null) {
            fail(runId, feed, "The server running this import (" + gone + ") stopped before the run ended; " + here
                    + " fetched the file again to finish it, but the file on the server has changed since the run"
                    + " began, so this run cannot be finished. Nothing was changed by this run; run the feed again.");
            return;
        }
        log.warn("Run {} of feed {}: its file changed since the run began; run {} imports the new file", runId,
                feed.id(), fresh);
        RunLifecycle.announceEnd(reads, events, runId);
        launcher.run(fresh);
    }

    private void fail(long runId, ImportFeed feed, String message) {
        transactions.executeWithoutResult(tx -> {
            runs.finish(runId, RunStatus.FAILED, message);
            runs.release(feed.id(), runId);
        });
        RunLifecycle.announceEnd(reads, events, runId);
    }

    /** Which node stopped, which one restarted the run, and where it went on. */
    private static String note(String gone, String here, StepExecution interrupted, boolean fetchedAgain) {
        if (interrupted == null) {
            return "The server that started this import (" + gone + ") stopped before it ended; " + here
                    + " restarted it.";
        }
        String step = interrupted.getStepName();
        String where = switch (step) {
            case "load" -> "at its load step, after the " + interrupted.getReadCount() + " records already"
                    + " committed" + (fetchedAgain ? " (with the file fetched again, the same by its SHA-256)" : "");
            case "apply" -> "at its apply step, which had applied nothing (it commits all or nothing)";
            default -> "at its " + step + " step";
        };
        return "The server that started this import (" + gone + ") stopped before it ended; " + here
                + " restarted it " + where + ".";
    }

    /** The step the dead node was in: the latest one that did not complete. */
    private static Optional<StepExecution> interruptedStep(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStatus() != BatchStatus.COMPLETED)
                .max(Comparator.comparing(StepExecution::getId));
    }

    private static boolean completed(JobExecution execution, String stepName) {
        return execution.getStepExecutions().stream()
                .anyMatch(step -> step.getStepName().equals(stepName) && step.getStatus() == BatchStatus.COMPLETED);
    }

    private static String abbreviated(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
