package org.rostersync.monitoring;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.stereotype.Component;

/**
 * The connection pool as the health checks see it, without waiting for a connection. HikariCP keeps
 * {@code minimumIdle} connections open (by default as many as the pool holds) and opens new ones as soon as it can:
 * a pool that keeps some and holds none cannot reach the database. Asking it for a connection then waits the pool's
 * whole {@code connection-timeout} (30 s) before failing, once for every check that reads the database.
 */
@Component
class DatabasePool {

    private final HikariDataSource pool;

    DatabasePool(DataSource dataSource) {
        this.pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
    }

    /** The pool's own test query, if it has one (else a connection is checked by JDBC's {@code isValid}). */
    String validationQuery() {
        return pool == null ? null : pool.getConnectionTestQuery();
    }

    /** True while the pool cannot open a connection; false when it can, or when it cannot tell (another pool). */
    boolean unreachable() {
        if (pool == null || pool.getMinimumIdle() == 0) {
            return false;
        }
        HikariPoolMXBean state = pool.getHikariPoolMXBean();
        return state != null && state.getTotalConnections() == 0;
    }
}
