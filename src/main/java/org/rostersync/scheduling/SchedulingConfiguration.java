package org.rostersync.scheduling;

import java.util.Properties;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.rostersync.school.SchoolDirectory;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    /**
     * The one place where Quartz differs by database: on PostgreSQL the job store is clustered (nodes share the
     * schedule; each firing runs on one node) and uses PostgreSQL's delegate for its BYTEA columns; H2 is a
     * single-process database, so there it is a plain, unclustered store. Explicit {@code spring.quartz.properties}
     * win.
     */
    @Bean
    SchedulerFactoryBeanCustomizer jobStoreByDatabase(DataSource dataSource, QuartzProperties quartz) {
        return factory -> {
            boolean postgres = isPostgres(dataSource);
            Properties properties = new Properties();
            properties.put("org.quartz.jobStore.driverDelegateClass",
                    (postgres ? PostgreSQLDelegate.class : StdJDBCDelegate.class).getName());
            properties.put("org.quartz.jobStore.isClustered", String.valueOf(postgres));
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
    QuartzNodes importNodes(Scheduler scheduler, JdbcTemplate jdbc, DataSource dataSource)
            throws SchedulerException, java.sql.SQLException {
        return new QuartzNodes(scheduler, jdbc, dataSource, isPostgres(dataSource));
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, metaData ->
                    metaData.getDatabaseProductName());
            return "PostgreSQL".equalsIgnoreCase(JdbcUtils.commonDatabaseName(product));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the scheduler uses", e);
        }
    }
}
