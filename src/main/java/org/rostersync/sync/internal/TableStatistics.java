package org.rostersync.sync.internal;

import java.sql.DatabaseMetaData;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Fresh planner statistics for the tables a run has just filled. PostgreSQL would otherwise plan the diff of a
 * 100,000-row staging table as if it held one row (nested loops, quadratic time); H2 has no such planner, so this is
 * the one place where the job's SQL differs by database.
 */
@Component
public class TableStatistics {

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    TableStatistics(JdbcTemplate jdbc) throws MetaDataAccessException {
        this.jdbc = jdbc;
        String product = JdbcUtils.extractDatabaseMetaData(jdbc.getDataSource(),
                DatabaseMetaData::getDatabaseProductName);
        this.postgres = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** Refreshes the statistics of a roster-sync table after a run wrote many rows to it. */
    public void refresh(String table) {
        if (postgres) {
            jdbc.execute("ANALYZE " + table);
        }
    }
}
