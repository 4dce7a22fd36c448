package org.rostersync.sync.internal.run;

import java.util.Set;

import org.rostersync.roster.RecordKind;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportNodes;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A feed that reads students and staff from one pull ({@code records: [STUDENTS, STAFF]}, a OneRoster export) runs
 * the import job twice over the same file: its student run first, then, once that run has ended and freed the feed,
 * a staff run of the same trigger, starter and dry-run or force setting. Each is an ordinary run with its own report,
 * guards, approval and revert; nothing is downloaded twice.
 */
@Component
class StaffCompanionRuns {

    private static final Logger log = LoggerFactory.getLogger(StaffCompanionRuns.class);

    private final SchoolDirectory directory;
    private final RunRecords runs;
    private final RunReads reads;
    private final ImportLauncher launcher;
    private final TransactionTemplate transactions;
    private final ImportNodes nodes;

    StaffCompanionRuns(SchoolDirectory directory, RunRecords runs, RunReads reads, ImportLauncher launcher,
            TransactionTemplate transactions, ImportNodes nodes) {
        this.directory = directory;
        this.runs = runs;
        this.reads = reads;
        this.launcher = launcher;
        this.transactions = transactions;
        this.nodes = nodes;
    }

    @EventListener
    void afterStudentRun(RunFinished finished) {
        ImportRun run = finished.run();
        ImportFeed feed = directory.feed(run.feedId()).orElse(null);
        if (feed == null || !feed.records().containsAll(Set.of(RecordKind.STUDENTS, RecordKind.STAFF))
                || reads.staffRun(run.runId()) || reads.revertFacts(run.runId()).reverts() != null
                || reads.settings(run.runId()).map(RunReads.RunSettings::filePath).isEmpty()) {
            return;
        }
        Long staffRunId = transactions.execute(tx -> {
            long id = runs.insertStaffCompanion(run.runId(), nodes.localNodeId());
            if (!runs.claim(run.feedId(), id, nodes.localNodeId())) {
                tx.setRollbackOnly();
                return null;
            }
            return id;
        });
        if (staffRunId == null) {
            log.warn("Run {} of feed {} read students; its staff were not read: another run of the feed started"
                    + " first, and the feed's next run reads them", run.runId(), run.feedId());
            return;
        }
        launcher.launch(staffRunId);
    }
}
