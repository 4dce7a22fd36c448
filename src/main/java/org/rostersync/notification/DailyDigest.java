package org.rostersync.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The optional daily digest ({@code rostersync.notifications.digest-cron}): one mail per notify address with every
 * run of its feeds in the last 24 hours, one line each (no names, no lists of students).
 */
@Component
class DailyDigest {

    /** More runs than this per feed and day are summed up, not listed. */
    private static final int MAX_RUNS = 100;

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final RunMails mails;
    private final Clock clock;

    DailyDigest(SchoolDirectory directory, ImportRuns runs, RunMails mails, Clock clock) {
        this.directory = directory;
        this.runs = runs;
        this.mails = mails;
        this.clock = clock;
    }

    @Scheduled(cron = "${rostersync.notifications.digest-cron:-}")
    void send() {
        if (!mails.enabled()) {
            return;
        }
        Instant since = clock.instant().minus(Duration.ofDays(1));
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (ImportFeed feed : directory.feeds()) {
            if (feed.notifyAddresses().isEmpty()) {
                continue;
            }
            List<ImportRun> recent = runs.list(List.of(feed.id()), 0, MAX_RUNS).stream()
                    .filter(run -> run.queuedAt() != null && run.queuedAt().isAfter(since)).toList();
            String section = section(feed, recent);
            for (String address : feed.notifyAddresses()) {
                sections.computeIfAbsent(address, a -> new ArrayList<>()).add(section);
            }
        }
        sections.forEach((address, parts) -> mails.send(List.of(address), "[roster-sync] Daily digest: runs of the"
                + " last 24 hours", String.join("\n\n", parts) + "\n"));
    }

    private String section(ImportFeed feed, List<ImportRun> recent) {
        StringBuilder text = new StringBuilder("Feed " + feed.id() + ": ");
        if (recent.isEmpty()) {
            return text.append("no runs.").toString();
        }
        text.append(recent.size()).append(recent.size() == 1 ? " run" : " runs").append('\n');
        for (ImportRun run : recent) {
            text.append("  run ").append(run.runId()).append(' ').append(run.status())
                    .append(run.dryRun() ? " (dry run)" : "")
                    .append(": ").append(run.counts().rows()).append(" rows, ")
                    .append(run.counts().created()).append(" created, ")
                    .append(run.counts().deactivated()).append(" deactivated, ")
                    .append(run.counts().held()).append(" held, ")
                    .append(run.counts().rejected()).append(" rejected  ")
                    .append(mails.link(run.runId())).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
