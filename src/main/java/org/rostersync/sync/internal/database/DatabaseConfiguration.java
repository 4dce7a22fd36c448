package org.rostersync.sync.internal.database;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /** The database seam, chosen once from the URL of the database the application connects to. */
    @Bean
    DatabaseDialect databaseDialect(DataSource dataSource, JdbcTemplate jdbc) throws MetaDataAccessException {
        String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
        return DatabaseDialect.of(url, jdbc);
    }
}
