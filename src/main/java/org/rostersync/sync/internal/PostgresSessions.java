package org.rostersync.sync.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Every PostgreSQL connection plans each statement for its own values ({@code plan_cache_mode =
 * force_custom_plan}). The import's statements are prepared once and run for run after run; after five executions
 * PostgreSQL may switch a prepared statement to a generic plan that knows nothing of {@code run_id = ?}, and with
 * one run's million rows in the plan table that plan scans the whole table for a 10-row run (a 240 ms check per
 * run in the benchmark, and plans that changed from one benchmark run to the next). Planning each statement costs
 * well under a millisecond. A {@code connection-init-sql} of the deployment's own is left alone.
 */
@Component
class PostgresSessions implements BeanPostProcessor {

    static final String CUSTOM_PLANS = "SET plan_cache_mode = force_custom_plan";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(CUSTOM_PLANS);
        }
        return bean;
    }
}
