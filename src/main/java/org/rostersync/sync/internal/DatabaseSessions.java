package org.rostersync.sync.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Session settings of every pooled connection, by database. A {@code connection-init-sql} of the deployment's own is
 * left alone.
 * <ul>
 * <li>PostgreSQL plans each statement for its own values ({@code plan_cache_mode = force_custom_plan}). The
 * import's statements are prepared once and run for run after run; after five executions PostgreSQL may switch a
 * prepared statement to a generic plan that knows nothing of {@code run_id = ?}, and with one run's million rows in
 * the plan table that plan scans the whole table for a 10-row run (a 240 ms check per run in the benchmark, and
 * plans that changed from one benchmark run to the next). Planning each statement costs well under a
 * millisecond.</li>
 * <li>H2 waits up to 10 minutes for any lock (PostgreSQL sets no limit by default) rather than its own 2 seconds.
 * Writers that hand out usernames (runs' applies, reverts, accounts made by hand) take turns on one row lock, and a
 * large apply holds it for longer than that (100,000 new students on H2: about 15 s): the run of another feed that
 * waited behind it failed. Ten minutes still ends a wait that nothing would ever end with an error. A lock timeout
 * in the H2 URL is kept.</li>
 * <li>PostgreSQL's errors leave out the values of the row they are about ({@code logServerErrorDetail=false}): a
 * unique key's "Detail: Key (student_id)=(…)" or a COPY's "Where: … line 5: …" would otherwise put a Student ID or a
 * name into the server log with the stack trace of an unexpected failure. A setting of the deployment's own, in the
 * URL or the pool's data source properties, is kept.</li>
 * </ul>
 */
@Component
class DatabaseSessions implements BeanPostProcessor {

    static final String CUSTOM_PLANS = "SET plan_cache_mode = force_custom_plan";

    static final String LONG_LOCK_WAITS = "SET LOCK_TIMEOUT 600000";

    static final String ERROR_DETAIL = "logServerErrorDetail";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && !pool.getJdbcUrl().contains(ERROR_DETAIL)
                && !pool.getDataSourceProperties().containsKey(ERROR_DETAIL)) {
            pool.addDataSourceProperty(ERROR_DETAIL, "false");
        }
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getConnectionInitSql() == null) {
            if (pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                pool.setConnectionInitSql(CUSTOM_PLANS);
            } else if (pool.getJdbcUrl().startsWith("jdbc:h2:")
                    && !pool.getJdbcUrl().toUpperCase(java.util.Locale.ROOT).contains("LOCK_TIMEOUT")) {
                pool.setConnectionInitSql(LONG_LOCK_WAITS);
            }
        }
        return bean;
    }
}
