package org.rostersync.scheduling;

import java.time.Instant;
import java.util.Date;
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

    /** The next firing of the feed's trigger; empty for feeds without one (uploads). */
    public Optional<Instant> nextRunAt(String feedId) {
        try {
            Trigger trigger = scheduler.getTrigger(FeedTriggers.triggerKey(feedId));
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return Optional.ofNullable(next).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }
}
