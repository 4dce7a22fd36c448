package org.rostersync.monitoring;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code scheduler} in the health answer: UP while the Quartz scheduler that fires the feeds runs, DOWN when it is
 * in standby or shut down, UNKNOWN when the application has no scheduler.
 */
@Component("scheduler")
class SchedulerHealthIndicator implements HealthIndicator {

    private final ObjectProvider<Scheduler> scheduler;

    SchedulerHealthIndicator(ObjectProvider<Scheduler> scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Health health() {
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz == null) {
            return Health.unknown().withDetail("scheduler", "none configured").build();
        }
        try {
            Health.Builder health = quartz.isStarted() && !quartz.isInStandbyMode() && !quartz.isShutdown()
                    ? Health.up() : Health.down();
            return health.withDetail("name", quartz.getSchedulerName())
                    .withDetail("clustered", quartz.getMetaData().isJobStoreClustered())
                    .withDetail("jobs", quartz.getJobGroupNames().isEmpty() ? 0
                            : quartz.getJobKeys(org.quartz.impl.matchers.GroupMatcher.anyJobGroup()).size())
                    .build();
        } catch (SchedulerException e) {
            return Health.down(e).build();
        }
    }
}
