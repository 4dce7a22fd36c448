package org.rostersync.sync;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.internal.plan.HeldDeactivations;
import org.rostersync.sync.internal.plan.HeldMoves;
import org.rostersync.sync.internal.plan.StaffHeldDeactivations;
import org.rostersync.sync.internal.run.StaffRunReverter;
import org.rostersync.sync.internal.run.ImportLauncher;
import org.rostersync.sync.internal.housekeeping.RosterFiles;
import org.rostersync.sync.internal.run.RunLifecycle;
import org.rostersync.sync.internal.run.RunRecovery;
import org.rostersync.sync.internal.run.RunReverter;
import org.rostersync.sync.internal.job.RosterReports;
import org.rostersync.sync.internal.run.RunDetails;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting import runs and reading their reports. One run per feed at a time, across every node.
 */
@Service
public class ImportRuns {

    private static final Logger log = LoggerFactory.getLogger(ImportRuns.class);

    private final SchoolDirectory directory;
    private final RunRecords runs;
    private final RunReads reads;
    private final RosterFiles files;
    private final ImportLauncher launcher;
    private final RunDetails details;
    private final TransactionTemplate transactions;
    private final HeldDeactivations heldDeactivations;
    private final RosterReports reports;
    private final RunReverter reverter;
    private final ApplicationEventPublisher events;
    private final ImportNodes nodes;
    private final RunRecovery recovery;
    private final HeldMoves heldMoves;
    private final StaffHeldDeactivations staffHeldDeactivations;
    private final StaffRunReverter staffReverter;

    ImportRuns(SchoolDirectory directory, RunRecords runs, RunReads reads, RosterFiles files, ImportLauncher launcher,
            RunDetails details, TransactionTemplate transactions, HeldDeactivations heldDeactivations,
            RosterReports reports, RunReverter reverter, ImportNodes nodes, ApplicationEventPublisher events,
            RunRecovery recovery, HeldMoves heldMoves, StaffHeldDeactivations staffHeldDeactivations,
            StaffRunReverter staffReverter) {
        this.staffHeldDeactivations = staffHeldDeactivations;
        this.staffReverter = staffReverter;
        this.heldMoves = heldMoves;
        this.recovery = recovery;
        this.events = events;
        this.reverter = reverter;
        this.heldDeactivations = heldDeactivations;
        this.reports = reports;
        this.directory = directory;
        this.runs = runs;
        this.reads = reads;
        this.files = files;
        this.launcher = launcher;
        this.details = details;
        this.transactions = transactions;
        this.nodes = nodes;
    }

    /**
     * Imports an uploaded flat file through the feed's scope, in the background.
     *
     * @return the run id
     * @throws FeedBusyException when the feed already has a run queued or in progress
     */
    public long upload(String feedId, InputStream content, String requestedBy, boolean dryRun, boolean force)
            throws IOException {
        return upload(feedId, content, requestedBy, null, dryRun, force);
    }

    /**
     * Imports an uploaded flat file through the feed's scope, in the background, for someone who sees only some
     * schools: the run moves no account out of a school not among {@code starterSchools} until a district admin
     * approves it; a forced run holds such moves too.
     *
     * @param starterSchools the schools the uploader may see; {@code null} when they see the whole district
     * @return the run id
     * @throws FeedBusyException when the feed already has a run queued or in progress
     */
    public long upload(String feedId, InputStream content, String requestedBy, Collection<String> starterSchools,
            boolean dryRun, boolean force) throws IOException {
        long runId = queue(feedId, ImportTrigger.UPLOAD, requestedBy, starterSchools, dryRun, force, null);
        try {
            RosterFiles.StoredFile stored = files.storeUpload(feedId, runId, content);
            runs.attachFile(runId, stored.path().toString(), stored.size(), stored.sha256());
        } catch (IOException | RuntimeException e) {
            runs.finish(runId, RunStatus.FAILED, "The upload could not be stored (" + e.getClass().getSimpleName()
                    + "); nothing was changed. Upload the file again.");
            runs.release(feedId, runId);
            RunLifecycle.announceEnd(reads, events, runId);
            throw e;
        }
        launcher.launch(runId);
        return runId;
    }

    /**
     * Applies the deactivations a guard held on a run, as the admin approving them.
     *
     * @return how many accounts were deactivated
     * @throws RunNotApprovableException when the run holds nothing, or a newer run of its feed replaced its plan
     * @throws FeedBusyException         when a run of the feed is in progress
     */
    public int approve(long runId, String approver) {
        return approveHolds(runId, approver).deactivated();
    }

    /**
     * Whether the run holds moves of students out of schools its starter could not see: only a district admin may
     * approve those.
     */
    public boolean holdsTransfers(long runId) {
        return details.holdsTransfers(runId);
    }

    /**
     * What an approval applied.
     *
     * @param deactivated held deactivations applied
     * @param transferred held moves of students into the run's school applied
     */
    public record Approval(int deactivated, int transferred) {
    }

    /**
     * Applies everything a guard held on a run, as the admin approving it: held moves first (see
     * {@link #holdsTransfers}; the caller checks that the approver may approve them), then held deactivations.
     *
     * @throws RunNotApprovableException when the run holds nothing, or a newer run of its feed replaced its plan
     * @throws FeedBusyException         when a run of the feed is in progress
     */
    public Approval approveHolds(long runId, String approver) {
        ImportRun run = reads.find(runId).orElseThrow(() -> new IllegalArgumentException("unknown run " + runId));
        if (run.status() != RunStatus.HELD) {
            throw new RunNotApprovableException("run " + runId + " is " + run.status() + " and holds no"
                    + " deactivations; only a HELD run can be approved");
        }
        Long newer = reads.planReplacedBy(run.feedId(), runId).orElse(null);
        if (newer != null) {
            throw new RunNotApprovableException("run " + newer + " of feed '" + run.feedId() + "' came after run "
                    + runId + " and replaced its plan, so its held deactivations can no longer be approved; look at"
                    + " the newest run instead");
        }
        if (!runs.claim(run.feedId(), runId, nodes.localNodeId())) {
            throw new FeedBusyException(run.feedId(), reads.activeRun(run.feedId()).orElse(0L));
        }
        Approval approval;
        try {
            // a second approval sent at the same time waited for the first one's claim: the run is no longer HELD
            RunStatus now = reads.find(runId).map(ImportRun::status).orElseThrow();
            if (now != RunStatus.HELD) {
                throw new RunNotApprovableException("run " + runId + " is " + now + " and holds no deactivations"
                        + " any more; it was approved meanwhile");
            }
            approval = transactions.execute(status -> {
                if (reads.staffRun(runId)) {
                    return new Approval(staffHeldDeactivations.apply(runId, approver), 0);
                }
                HeldMoves.Outcome moves = heldMoves.apply(runId, approver);
                return new Approval(heldDeactivations.apply(runId, approver, moves),
                        moves.transferred() + moves.reactivated());
            });
        } finally {
            runs.release(run.feedId(), runId);
        }
        events.publishEvent(new HeldDeactivationsApproved(runId, run.feedId(), approval.deactivated(), approver));
        return approval;
    }

    /**
     * Undoes an applied run that is still its feed's latest, as a new run of the feed (trigger MANUAL).
     *
     * @return the id of the revert run
     * @throws RunNotRevertableException when the run applied nothing, was reverted already, is itself a revert, or
     *                                   a newer run of its feed has applied changes since
     * @throws FeedBusyException         when a run of the feed is in progress
     */
    public long revert(long runId, String actor) {
        ImportRun run = reads.find(runId).orElseThrow(() -> new IllegalArgumentException("unknown run " + runId));
        RunReads.RevertFacts facts = reads.revertFacts(runId);
        if (run.dryRun() || !facts.applied()) {
            throw new RunNotRevertableException("run " + runId + " applied no changes (" + run.status()
                    + (run.dryRun() ? ", a dry run" : "") + "), so there is nothing to revert");
        }
        if (facts.revertedBy() != null) {
            throw new RunNotRevertableException("run " + runId + " was already reverted by run "
                    + facts.revertedBy());
        }
        if (facts.reverts() != null) {
            throw new RunNotRevertableException("run " + runId + " is itself the revert of run " + facts.reverts()
                    + "; run the feed again with a good file instead");
        }
        Long newer = reads.changedSinceBy(run.feedId(), runId).orElse(null);
        if (newer != null) {
            throw new RunNotRevertableException("run " + newer + " of feed '" + run.feedId() + "' came after run "
                    + runId + "; only a feed's latest run can be reverted");
        }
        ImportFeed feed = requireFeed(run.feedId());
        long revertRunId = queue(run.feedId(), ImportTrigger.MANUAL, actor, false, false);
        try {
            RunReverter.Outcome outcome = transactions.execute(status -> reads.staffRun(runId)
                    ? staffReverter.revert(runId, revertRunId)
                    : reverter.revert(runId, revertRunId, feed.districtId(), actor));
            String message = ("Revert of run %d by %s: %d accounts restored as they were before it, %d accounts it"
                    + " created deactivated").formatted(runId, actor, outcome.restored(), outcome.retired())
                    + (outcome.keptChanged() + outcome.keptCreated() == 0 ? "."
                            : "; %d accounts changed since and %d created and used since were left as they are."
                                    .formatted(outcome.keptChanged(), outcome.keptCreated()));
            runs.finish(revertRunId, RunStatus.COMPLETED, message);
            return revertRunId;
        } catch (RuntimeException e) {
            runs.finish(revertRunId, RunStatus.FAILED, "The revert of run " + runId + " failed ("
                    + e.getClass().getSimpleName() + "); nothing was changed.");
            // still a revert, not an import: the feed's health and its last good file do not count it
            runs.markRevertOf(revertRunId, runId);
            throw e;
        } finally {
            runs.release(run.feedId(), revertRunId);
            RunLifecycle.announceEnd(reads, events, revertRunId);
        }
    }

    /**
     * Pulls the feed's file over SFTP and imports it, in the background.
     *
     * @return the run id
     * @throws FeedBusyException        when the feed already has a run queued or in progress
     * @throws FeedNotPullableException when the feed has no SFTP source
     */
    public long pullNow(String feedId, String requestedBy) {
        requirePullable(feedId);
        long runId = queue(feedId, ImportTrigger.MANUAL, requestedBy, null, false, false, null);
        launcher.launch(runId);
        return runId;
    }

    /**
     * Runs one firing of the feed's schedule on the calling thread (a Quartz worker) and waits for it to end.
     * A firing that finds the feed busy is skipped with a WARN log line naming the run in the way, and leaves no
     * run record: the run in progress already brings the feed up to date. The feed keeps its latest such firing
     * ({@link #lastSkipped}) for operators to see.
     *
     * @param scheduledFor the firing's scheduled time; a firing becomes at most one run, on whichever node
     * @return the run id, or empty when the firing was skipped
     */
    public Optional<Long> runScheduled(String feedId, Instant scheduledFor) {
        requirePullable(feedId);
        long runId;
        try {
            runId = queueScheduled(feedId, scheduledFor);
        } catch (FeedBusyException e) {
            log.warn("Scheduled run of feed {} for {} skipped: run {} of the feed is still in progress", feedId,
                    scheduledFor, e.activeRunId());
            runs.recordSkippedFiring(feedId, scheduledFor, e.activeRunId() == 0 ? null : e.activeRunId());
            return Optional.empty();
        } catch (DuplicateKeyException e) {
            log.warn("Scheduled run of feed {} for {} skipped: that firing already has a run", feedId, scheduledFor);
            return Optional.empty();
        }
        launcher.run(runId);
        return Optional.of(runId);
    }

    /**
     * A firing that finds the feed held by a run of a node that is gone (killed a moment ago, before any recovery
     * sweep freed its feed; the cluster hands that node's triggers to the others just then, and a firing it missed
     * fires at once) recovers that run and runs, rather than being skipped for a run that will never end.
     */
    private long queueScheduled(String feedId, Instant scheduledFor) {
        try {
            return queue(feedId, ImportTrigger.SCHEDULED, "schedule", null, false, false, scheduledFor);
        } catch (FeedBusyException e) {
            if (!recovery.freeIfLeftByGoneNode(feedId)) {
                throw e;
            }
            return queue(feedId, ImportTrigger.SCHEDULED, "schedule", null, false, false, scheduledFor);
        }
    }

    private long queue(String feedId, ImportTrigger trigger, String requestedBy, boolean dryRun, boolean force) {
        return queue(feedId, trigger, requestedBy, null, dryRun, force, null);
    }

    private long queue(String feedId, ImportTrigger trigger, String requestedBy, Collection<String> starterSchools,
            boolean dryRun, boolean force, Instant scheduledFor) {
        ImportFeed feed = requireFeed(feedId);
        return transactions.execute(status -> {
            long runId = runs.insertQueued(feedId, feed.districtId(), trigger, requestedBy, starterSchools, dryRun,
                    force, nodes.localNodeId(), scheduledFor);
            if (feed.staffOnly()) {
                runs.markStaffRun(runId);
            }
            if (!runs.claim(feedId, runId, nodes.localNodeId())) {
                status.setRollbackOnly();
                throw new FeedBusyException(feedId, reads.activeRun(feedId).orElse(0L));
            }
            return runId;
        });
    }

    /** Whether the run imported staff records: its changes name staff by Staff ID. */
    public boolean staffRun(long runId) {
        return reads.staffRun(runId);
    }

    public Optional<ImportRun> find(long runId) {
        return reads.find(runId);
    }

    /** The district of the run's feed when it was queued (empty for runs of feeds removed before it was kept). */
    public Optional<String> district(long runId) {
        return reads.district(runId);
    }

    /** Runs of the given feeds, newest first. */
    public List<ImportRun> list(Collection<String> feedIds, int offset, int limit) {
        return reads.list(feedIds, offset, limit);
    }

    public long count(Collection<String> feedIds) {
        return reads.count(feedIds);
    }

    /** The feed's latest scheduled firing that was skipped because a run of the feed was in progress. */
    public Optional<SkippedFiring> lastSkipped(String feedId) {
        return reads.skippedFiring(feedId);
    }

    public Optional<ImportRun> latest(String feedId) {
        return reads.latest(feedId);
    }

    /** The feed's runs that ended in ({@code from}, {@code to}], oldest first, at most {@code limit}. */
    public List<ImportRun> endedBetween(String feedId, Instant from, Instant to, int limit) {
        return reads.endedBetween(feedId, from, to, limit);
    }

    public long countEndedBetween(String feedId, Instant from, Instant to) {
        return reads.countEndedBetween(feedId, from, to);
    }

    /** The feed's latest run that ended and was a real import (not a dry run, not a revert): what health judges. */
    public Optional<ImportRun> latestFinishedImport(String feedId) {
        return reads.latestFinishedImport(feedId);
    }

    /** Which header of the run's file fed which field and which columns were ignored; empty if never read. */
    public Optional<ColumnMap> columns(long runId) {
        return reports.columns(runId);
    }

    /**
     * When the run's details (changes, rejected rows, column map) were deleted after {@code rostersync.run-retention};
     * empty while they are kept. The run's counts and message stay.
     */
    public Optional<Instant> detailsDeletedAt(long runId) {
        return reads.detailsDeletedAt(runId);
    }

    public List<RejectedRow> rejectedRows(long runId, int offset, int limit) {
        return details.rejectedRows(runId, offset, limit);
    }

    /**
     * A page of the run's rejected rows in the order of {@link #rejectedRows}, those of the lines after
     * {@code afterLine}: whole lines only (a line's problems are never split between pages), about {@code limit}
     * rows; empty after the last line. Pages by line rather than by offset, so the last page of a long file costs what
     * the first does: what a download of them all reads page by page.
     */
    public List<RejectedRow> rejectedRowsAfterLine(long runId, long afterLine, int limit) {
        List<RejectedRow> page = details.rejectedRowsAfterLine(runId, afterLine, limit);
        if (page.size() < limit) {
            return page;
        }
        long last = page.get(page.size() - 1).line();
        List<RejectedRow> whole = page.stream().filter(row -> row.line() < last).toList();
        if (!whole.isEmpty()) {
            return whole; // the last line may go on past the page: the next page starts with it
        }
        // one line with more problems than the page holds (a line has one per column at most)
        return details.rejectedRowsOfLine(runId, last);
    }

    public long countRejectedRows(long runId) {
        return details.countRejectedRows(runId);
    }

    /** Lines of the file the run rejected, as its {@code rejected} count has them (a line may have several problems). */
    public long countRejectedLines(long runId) {
        return details.countRejectedLines(runId);
    }

    /** The run's plan: what it did, or for a dry run what it would do; {@code action} {@code null} means all. */
    public List<PlannedChange> changes(long runId, ChangeAction action, int offset, int limit) {
        return details.changes(runId, action, offset, limit);
    }

    public long countChanges(long runId, ChangeAction action) {
        return details.countChanges(runId, action);
    }

    private void requirePullable(String feedId) {
        if (requireFeed(feedId).sftp() == null) {
            throw new FeedNotPullableException(feedId);
        }
    }

    private ImportFeed requireFeed(String feedId) {
        return directory.feed(feedId).orElseThrow(() -> new IllegalArgumentException("unknown feed " + feedId));
    }
}
