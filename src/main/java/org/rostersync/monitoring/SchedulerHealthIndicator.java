package org.rostersync.monitoring;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code scheduler} in the health answer: UP while the Quartz scheduler that fires the feeds runs, DOWN when it was
 * meant to run but is in standby or shut down, UNKNOWN when the application has no scheduler. A node started with
 * {@code spring.quartz.auto-startup=false} fires no feeds by choice: UP, with {@code state: standby by configuration}.
 */
@Component("scheduler")
class SchedulerHealthIndicator implements HealthIndicator {

    private final ObjectProvider<Scheduler> scheduler;
    private final boolean autoStartup;

    private final DatabasePool pool;

    SchedulerHealthIndicator(ObjectProvider<Scheduler> scheduler, Environment environment, DatabasePool pool) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.autoStartup = environment.getProperty("spring.quartz.auto-startup", Boolean.class, true);
    }

    @Override
    public Health health() {
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz == null) {
            return Health.unknown().withDetail("scheduler", "none configured").build();
        }
        try {
            boolean running = quartz.isStarted() && !quartz.isInStandbyMode() && !quartz.isShutdown();
            Health.Builder health;
            if (running) {
                health = Health.up().withDetail("state", "running");
            } else if (!autoStartup && !quartz.isShutdown()) {
                health = Health.up().withDetail("state", "standby by configuration (spring.quartz.auto-startup=false)");
            } else {
                health = Health.down().withDetail("state", quartz.isShutdown() ? "shut down" : "standby");
            }
            return health.withDetail("name", quartz.getSchedulerName())
                    .withDetail("clustered", quartz.getMetaData().isJobStoreClustered())
                    .withDetail("jobs", jobs(quartz))
                    .build();
        } catch (SchedulerException e) {
            return Health.down(e).build();
        }
    }

    /**
     * The number of jobs in the store, read from the database. Its state above is the scheduler's own: while the
     * database does not answer, Quartz keeps running and fires again once it is back, so this check stays UP and
     * leaves the outage to the {@code db} check, without waiting for a connection when the pool holds none.
     */
    private Object jobs(Scheduler quartz) {
        if (pool.unreachable()) {
            return "unknown: the connection pool cannot reach the database";
        }
        try {
            return quartz.getJobGroupNames().isEmpty() ? 0
                    : quartz.getJobKeys(org.quartz.impl.matchers.GroupMatcher.anyJobGroup()).size();
        } catch (SchedulerException e) {
            return "unknown: the job store cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }
}
