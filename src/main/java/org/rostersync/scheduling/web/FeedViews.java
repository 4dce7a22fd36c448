package org.rostersync.scheduling.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.quartz.CronExpression;
import org.rostersync.scheduling.FeedSchedules;
import org.rostersync.school.ImportFeed;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.SkippedFiring;
import org.springframework.stereotype.Component;

/** A feed as the API and the feeds page show it: what it is, when it runs next, and its last run. */
@Component
class FeedViews {

    private final ImportRuns runs;
    private final FeedSchedules schedules;
    private final Clock clock;

    FeedViews(ImportRuns runs, FeedSchedules schedules, Clock clock) {
        this.runs = runs;
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * {@code lastSkipped}: the latest scheduled firing skipped because a run of the feed was in progress;
     * {@code records}: what the feed's roster gives, {@code [STUDENTS]}, {@code [STAFF]} or both.
     */
    record FeedView(String id, String scope, String source, String format, String schedule, String schoolId,
            String districtId, Instant nextRunAt, ImportRun lastRun, SkippedFiring lastSkipped,
            java.util.List<String> records) {
    }

    FeedView view(ImportFeed feed) {
        return new FeedView(feed.id(), feed.scope().name(), feed.source().name(), feed.format().name(),
                feed.schedule().toString(), feed.schoolId(), feed.districtId(), nextRunAt(feed),
                runs.latest(feed.id()).orElse(null), runs.lastSkipped(feed.id()).orElse(null),
                feed.records().stream().sorted().map(Enum::name).toList());
    }

    /**
     * The next firing of the feed's trigger as Quartz holds it; before the trigger exists, computed from the
     * schedule in the feed's time zone; {@code null} for one-time feeds.
     */
    private Instant nextRunAt(ImportFeed feed) {
        Optional<Instant> scheduled = schedules.nextRunAt(feed.id());
        if (scheduled.isPresent()) {
            return scheduled.get();
        }
        return feed.schedule().cronExpression().map(expression -> {
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(feed.scheduleTimeZone());
                Date next = cron.getNextValidTimeAfter(Date.from(clock.instant()));
                return next == null ? null : next.toInstant();
            } catch (java.text.ParseException e) {
                return null;
            }
        }).orElse(null);
    }
}
