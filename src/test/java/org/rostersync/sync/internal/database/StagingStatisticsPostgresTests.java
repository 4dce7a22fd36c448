package org.rostersync.sync.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.OnPostgres;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A school file of a few hundred rows is planned knowing how many rows it staged: believing the run held one row,
 * PostgreSQL grouped the whole run again for each staged row to find duplicate Student IDs (quadratic).
 */
@OnPostgres
class StagingStatisticsPostgresTests extends DatabaseTestSupport {

    @Autowired
    private DatabaseDialect dialect;

    private void stage(long runId, int rows) {
        jdbc.batchUpdate("""
                INSERT INTO staged_student (run_id, line_no, school_id, student_id, first_name, last_name, grade,
                    username_base, row_hash)
                VALUES (?, ?, 'lincoln', ?, 'Ada', 'Lovelace', '5', 'ada.lovelace', 'h')""",
                IntStream.rangeClosed(1, rows).mapToObj(line -> new Object[] { runId, line, "S" + line }).toList());
    }

    /** The rows PostgreSQL expects to read for a run's staging, as the plan's statements select them. */
    private long estimatedRows(long runId) {
        List<String> plan = jdbc.queryForList(
                "EXPLAIN (FORMAT JSON) SELECT student_id FROM staged_student WHERE run_id = " + runId, String.class);
        String json = String.join("", plan);
        int at = json.indexOf("\"Plan Rows\":");
        return Long.parseLong(json.substring(at + "\"Plan Rows\":".length()).split("[,}]")[0].trim());
    }

    @Test
    void aSchoolFileOfAFewHundredRowsIsPlannedForItsRows() {
        // given: a school file of 300 rows staged, below the rows from which the other tables' statistics are refreshed
        int rows = 300;
        assertThat(rows).isLessThan(DatabaseDialect.MANY).isGreaterThanOrEqualTo(PostgresDialect.STAGING_SAMPLED);
        stage(4242, rows);

        // when
        dialect.refreshStaging(rows);

        // then: the planner expects the run's 300 rows, not one
        assertThat(estimatedRows(4242)).isEqualTo(rows);
    }
}
