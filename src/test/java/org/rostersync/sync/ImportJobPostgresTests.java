package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.rostersync.support.OnPostgres;
import org.springframework.jdbc.core.ConnectionCallback;

@OnPostgres
class ImportJobPostgresTests extends ImportJobTests {

    @Test
    void everyConnectionPlansStatementsForTheirOwnValues() {
        // a generic plan for "run_id = ?" scanned the whole plan table for a 10-row run
        assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
    }

    @Test
    void databaseErrorsLeaveTheRowsValuesOutOfTheLog() {
        // given: a unique key broken on purpose on one connection, as an unexpected failure logged with its stack
        // trace would be
        String message = jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE error_detail (student_id VARCHAR(50) UNIQUE)");
                statement.execute("INSERT INTO error_detail VALUES ('L10001')");
                try {
                    statement.execute("INSERT INTO error_detail VALUES ('L10001')");
                    return null;
                } catch (SQLException e) {
                    return e.getMessage();
                } finally {
                    connection.createStatement().execute("DROP TABLE IF EXISTS error_detail");
                }
            }
        });

        // then: PostgreSQL's error names the key, never the Student ID it holds
        assertThat(message).contains("error_detail_student_id_key").doesNotContain("L10001");
    }
}
