package org.rostersync.notification;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunFinished;
import org.rostersync.sync.RunStatus;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells a feed's {@code notify} addresses when one of its runs ends HELD (needs an approval) or FAILED. */
@Component
class RunNotifier {

    private final SchoolDirectory directory;
    private final RunMails mails;

    RunNotifier(SchoolDirectory directory, RunMails mails) {
        this.directory = directory;
        this.mails = mails;
    }

    @EventListener
    void runFinished(RunFinished event) {
        ImportRun run = event.run();
        if (run.status() != RunStatus.HELD && run.status() != RunStatus.FAILED) {
            return;
        }
        ImportFeed feed = directory.feed(run.feedId()).orElse(null);
        if (feed == null || feed.notifyAddresses().isEmpty() || !mails.enabled()) {
            return;
        }
        String subject = run.status() == RunStatus.HELD
                ? "[roster-sync] Run " + run.runId() + " of " + feed.id() + " is HELD: deactivations wait for approval"
                : "[roster-sync] Run " + run.runId() + " of " + feed.id() + (run.dryRun() ? " (a dry run)" : "")
                        + " FAILED";
        mails.send(feed.notifyAddresses(), subject, mails.runReport(feed, run));
    }
}
