package org.rostersync.scheduling;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.springframework.stereotype.Component;

/** When feeds run next, as the scheduler that fires them knows it. */
@Component
public class FeedSchedules {

    private final Scheduler scheduler;

    FeedSchedules(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The next firing of the feed's triggers (its schedule's, and a one-off first firing on a night the clocks skip
     * its time); empty for feeds without one (uploads).
     */
    public Optional<Instant> nextRunAt(String feedId) {
        try {
            return scheduler.getTriggersOfJob(FeedTriggers.jobKey(feedId)).stream().map(Trigger::getNextFireTime)
                    .filter(Objects::nonNull).min(Date::compareTo).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }
}
