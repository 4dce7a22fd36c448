package org.rostersync.sync.internal.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Session settings of every pooled connection, by database ({@link DatabaseDialect#prepareSessions}), made before
 * the pool opens its first connection. Settings of the deployment's own are left alone.
 */
@Component
class DatabaseSessions implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            DatabaseDialect.prepareSessions(pool);
        }
        return bean;
    }
}
