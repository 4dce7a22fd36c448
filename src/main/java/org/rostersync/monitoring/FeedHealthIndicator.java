package org.rostersync.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.RunStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code feeds} in the health answer: DEGRADED when the newest run of any feed FAILED, with the last status of each
 * feed the caller may see ({@link VisibleFeeds}) in the details. The status and the {@code failing} count are the
 * deployment's, the same for every caller. DEGRADED answers HTTP 200 (see {@code management.endpoint.health.status}): a bad roster file is
 * a job for an operator, not a reason for a load balancer to take the node out.
 * <p>
 * While the database does not answer, the runs cannot be read: DOWN (503), as the {@code db} check says, rather than
 * an error answer from the whole health endpoint; at once when the pool holds no connection ({@link DatabasePool}),
 * else after the first failed read, so an outage never costs a wait for a connection per feed.
 */
@Component("feeds")
class FeedHealthIndicator implements HealthIndicator {

    /** Serving, but at least one feed needs an operator. */
    static final Status DEGRADED = new Status("DEGRADED", "the last run of a feed failed");

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final ObjectProvider<VisibleFeeds> visible;

    private final DatabasePool pool;

    FeedHealthIndicator(SchoolDirectory directory, ImportRuns runs, ObjectProvider<VisibleFeeds> visible,
            DatabasePool pool) {
        this.pool = pool;
        this.directory = directory;
        this.runs = runs;
        this.visible = visible;
    }

    @Override
    public Health health() {
        if (pool.unreachable()) {
            return unreadable("the connection pool cannot reach the database");
        }
        try {
            return lastRuns();
        } catch (DataAccessException e) {
            return unreadable(e.getClass().getSimpleName());
        }
    }

    private static Health unreadable(String why) {
        return Health.down().withDetail("error", "the runs cannot be read from the database (" + why + ")").build();
    }

    private Health lastRuns() {
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
        VisibleFeeds shown = visible.getIfAvailable(() -> feed -> true);
        for (ImportFeed feed : directory.feeds()) {
            // a dry run or a revert says nothing about whether the feed's imports work; a run in progress not yet
            ImportRun last = runs.latestFinishedImport(feed.id()).orElse(null);
            if (last != null && last.status() == RunStatus.FAILED) {
                failing++;
            }
            if (shown.isVisible(feed)) {
                details.put(feed.id(), last == null ? "NEVER_RAN" : last.status().name() + " (run " + last.runId() + ")");
            }
        }
        Health.Builder health = failing > 0 ? Health.status(DEGRADED).withDetail("failing", failing) : Health.up();
        return health.withDetails(details).build();
    }
}
