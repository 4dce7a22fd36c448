package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rostersync.support.OnPostgres;

@OnPostgres
class ImportJobPostgresTests extends ImportJobTests {

    @Test
    void everyConnectionPlansStatementsForTheirOwnValues() {
        // a generic plan for "run_id = ?" scanned the whole plan table for a 10-row run
        assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
    }
}
