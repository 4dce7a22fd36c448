package org.rostersync.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.RunStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code feeds} in the health answer: DEGRADED when the newest run of any feed FAILED, with each feed's last status
 * in the details. DEGRADED answers HTTP 200 (see {@code management.endpoint.health.status}): a bad roster file is
 * a job for an operator, not a reason for a load balancer to take the node out.
 */
@Component("feeds")
class FeedHealthIndicator implements HealthIndicator {

    /** Serving, but at least one feed needs an operator. */
    static final Status DEGRADED = new Status("DEGRADED", "the last run of a feed failed");

    private final SchoolDirectory directory;
    private final ImportRuns runs;

    FeedHealthIndicator(SchoolDirectory directory, ImportRuns runs) {
        this.directory = directory;
        this.runs = runs;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
        for (ImportFeed feed : directory.feeds()) {
            // a dry run or a revert says nothing about whether the feed's imports work; a run in progress not yet
            ImportRun last = runs.latestFinishedImport(feed.id()).orElse(null);
            if (last == null) {
                details.put(feed.id(), "NEVER_RAN");
                continue;
            }
            details.put(feed.id(), last.status().name() + " (run " + last.runId() + ")");
            if (last.status() == RunStatus.FAILED) {
                failing++;
            }
        }
        Health.Builder health = failing > 0 ? Health.status(DEGRADED).withDetail("failing", failing) : Health.up();
        return health.withDetails(details).build();
    }
}
