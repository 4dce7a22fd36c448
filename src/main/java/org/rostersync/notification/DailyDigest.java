package org.rostersync.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * run of its feeds that ended since the same time the day before, one line each (no names, no lists of students).
 * Runs are taken by their end, so a run still going at digest time is in the next digest with its outcome, and "the
 * day before" is on the calendar of the server's zone, so the days of a clock change lose or repeat no hour. A
 * digest that starts late or early (within an hour) takes up exactly where the node's previous one ended, so no run
 * falls between two digests or is in both.
 */
@Component
class DailyDigest {

    /** More runs than this per feed and day are counted, not listed. */
    static final int MAX_RUNS = 100;

    /** How far a digest may start from its scheduled time and still take up exactly where the last one ended. */
    private static final Duration SLACK = Duration.ofHours(1);

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final RunMails mails;
    private final Clock clock;

    /** Where this node's last digest ended; its next one starts there when that is about a day before. */
    private volatile Instant lastDigest;

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
        Instant now = clock.instant();
        Instant since = now.atZone(ZoneId.systemDefault()).minusDays(1).toInstant();
        Instant previous = lastDigest;
        if (previous != null && previous.isBefore(now)
                && Duration.between(previous, since).abs().compareTo(SLACK) <= 0) {
            // a digest that starts late (its scheduler thread was busy) or early still takes up where the last ended
            since = previous;
        }
        lastDigest = now;
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (ImportFeed feed : directory.feeds()) {
            if (feed.notifyAddresses().isEmpty()) {
                continue;
            }
            List<ImportRun> ended = runs.endedBetween(feed.id(), since, now, MAX_RUNS);
            long all = ended.size() < MAX_RUNS ? ended.size() : runs.countEndedBetween(feed.id(), since, now);
            String section = section(feed, ended, all);
            for (String address : feed.notifyAddresses()) {
                sections.computeIfAbsent(address, a -> new ArrayList<>()).add(section);
            }
        }
        sections.forEach((address, parts) -> mails.send(List.of(address), "[roster-sync] Daily digest: runs of the"
                + " last day", String.join("\n\n", parts) + "\n"));
    }

    private String section(ImportFeed feed, List<ImportRun> ended, long all) {
        StringBuilder text = new StringBuilder("Feed " + feed.id() + ": ");
        if (ended.isEmpty()) {
            return text.append("no runs ended.").toString();
        }
        text.append(all).append(all == 1 ? " run" : " runs").append(" ended\n");
        for (ImportRun run : ended) {
            text.append("  run ").append(run.runId()).append(' ').append(run.status())
                    .append(run.dryRun() ? " (dry run)" : "")
                    .append(": ").append(run.counts().rows()).append(" rows, ")
                    .append(run.counts().created()).append(" created, ")
                    .append(run.counts().deactivated()).append(" deactivated, ")
                    .append(run.counts().held()).append(" held, ")
                    .append(run.counts().rejected()).append(" rejected  ")
                    .append(mails.link(run.runId())).append('\n');
        }
        if (all > ended.size()) {
            text.append("  and ").append(all - ended.size()).append(" more; the runs page lists them all\n");
        }
        return text.toString().stripTrailing();
    }
}
