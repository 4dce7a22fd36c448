package org.rostersync.scheduling;

import java.util.Properties;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.Database;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    /**
     * Quartz's job store as the database wants it ({@link Database#schedulerJobStore}); explicit
     * {@code spring.quartz.properties} win.
     */
    @Bean
    SchedulerFactoryBeanCustomizer jobStoreByDatabase(Database database, QuartzProperties quartz) {
        return factory -> {
            Properties properties = database.schedulerJobStore();
            properties.putAll(quartz.getProperties());
            factory.setQuartzProperties(properties);
        };
    }

    /**
     * The triggers, reconciled at start-up while holding Quartz's {@code TRIGGER_ACCESS} lock row (seeded by
     * migration V5) in the reconciling transaction.
     */
    @Bean
    FeedTriggers feedTriggers(Scheduler scheduler, SchoolDirectory directory, TransactionTemplate transactions,
            JdbcTemplate jdbc) throws SchedulerException {
        String name = scheduler.getSchedulerName();
        return new FeedTriggers(scheduler, directory, transactions, () -> jdbc.queryForList(
                "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE",
                name));
    }

    @Bean
    QuartzNodes importNodes(Scheduler scheduler, JdbcTemplate jdbc, DataSource dataSource, Database database)
            throws SchedulerException, java.sql.SQLException {
        return new QuartzNodes(scheduler, jdbc, dataSource, database.sharesSchedule());
    }
}
