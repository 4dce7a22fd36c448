package org.rostersync.sync.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Look-ups of the run history stay a few index entries however long it grows, on H2 and PostgreSQL (EXPLAIN ANALYZE
 * of the statements the code runs): one feed's newest runs, as pages and health read them all day, and the nightly
 * run-history pass's next batch.
 */
abstract class RunRecordsTests extends DatabaseTestSupport {

    private static final int HISTORY = 400;

    @Autowired
    JdbcClient client;

    @Autowired
    RunRecords runs;

    @Autowired
    RunReads reads;

    @Test
    void recoveryNeverFailsARunThatAppliedSinceItWasRead() {
        // given: two runs recovery read as active and not applied; one applies before recovery ends it
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            ids[i] = runs.insertQueued("lincoln-upload", org.rostersync.sync.ImportTrigger.UPLOAD, "admin", false,
                    false);
        }
        jdbc.update("UPDATE import_run SET status = 'RUNNING', applied_at = CURRENT_TIMESTAMP WHERE id = ?", ids[0]);

        // when / then: the one that applied is not taken for a run that changed nothing; the other one ends FAILED
        assertThat(runs.failIfActive(ids[0], "nothing was changed")).isFalse();
        assertThat(runs.failIfActive(ids[1], "nothing was changed")).isTrue();
        assertThat(jdbc.queryForList("SELECT status FROM import_run WHERE id IN (?, ?) ORDER BY id", String.class,
                ids[0], ids[1])).containsExactly("RUNNING", "FAILED");
    }

    @Test
    void aFeedsNewestRunsAreReadWithoutReadingItsWholeHistory() {
        // given: more than a year of nightly runs of one feed
        for (int i = 0; i < HISTORY; i++) {
            jdbc.update("""
                    INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, queued_at,
                                            ended_at)
                    VALUES ('lincoln-upload', 'springfield', 'UPLOAD', ?, FALSE, FALSE, CURRENT_TIMESTAMP,
                            CURRENT_TIMESTAMP)""", i % 7 == 0 ? "FAILED" : "COMPLETED");
        }
        jdbc.execute(postgres() ? "ANALYZE import_run" : "ANALYZE");
        long newest = jdbc.queryForObject("SELECT MAX(id) FROM import_run", Long.class);

        // when
        String health = plan(RunReads.LATEST_FINISHED_IMPORT, 0);
        String page = plan(RunReads.FEED_RUNS, 60);

        // then: the answers are the newest, and each look-up read a handful of rows, not the feed's 400
        assertThat(reads.latestFinishedImport("lincoln-upload").orElseThrow().runId()).isEqualTo(newest);
        assertThat(reads.list(List.of("lincoln-upload"), 0, 60)).hasSize(60).first()
                .satisfies(run -> assertThat(run.runId()).isEqualTo(newest));
        assertThat(rowsRead(health)).as(health).isLessThanOrEqualTo(2);
        assertThat(rowsRead(page)).as(page).isLessThanOrEqualTo(61);
    }

    @Test
    void theNightlyRunHistoryPassReadsOnlyTheRunsStillHoldingTheirDetails() {
        // given: 400 old runs, the first 300 already without their details
        for (int i = 0; i < HISTORY; i++) {
            jdbc.update("""
                    INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, queued_at,
                                            ended_at, details_deleted_at)
                    VALUES ('lincoln-upload', 'springfield', 'UPLOAD', 'FAILED', FALSE, FALSE, CURRENT_TIMESTAMP,
                            CURRENT_TIMESTAMP, ?)""", i < 300 ? java.sql.Timestamp.from(clock.instant()) : null);
        }
        jdbc.execute(postgres() ? "ANALYZE import_run" : "ANALYZE");
        long first = jdbc.queryForObject("SELECT MIN(id) FROM import_run", Long.class);

        // when: a batch of the pass, from before the oldest run (as the pass starts)
        String explain = postgres() ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " : "EXPLAIN ANALYZE ";
        String plan = String.join("\n", client.sql(explain + RunHistory.CANDIDATES).param("after", first - 1)
                .param("cutoff", java.time.OffsetDateTime.now().plusDays(1)).param("batch", 50)
                .query(String.class).list());

        // then: it found the next 50 without reading the 300 runs already done (a first pass over years of
        // history would otherwise read them all again for every batch)
        assertThat(rowsRead(plan)).as(plan).isBetween(50, 60);
    }

    private String plan(String sql, int limit) {
        String explain = postgres() ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " : "EXPLAIN ANALYZE ";
        var statement = client.sql(explain + sql).param("feed", "lincoln-upload");
        if (sql.contains(":limit")) {
            statement = statement.param("offset", 0).param("limit", limit);
        }
        return String.join("\n", statement.query(String.class).list());
    }

    /** The most rows the plan read from import_run or sorted: H2's scanCount, PostgreSQL's rows of its scans. */
    private int rowsRead(String plan) {
        Matcher matcher = Pattern.compile(postgres() ? "(?:Scan|Sort)[^\n]*rows=(\\d+)" : "scanCount: (\\d+)")
                .matcher(plan);
        int most = 0;
        while (matcher.find()) {
            most = Math.max(most, Integer.parseInt(matcher.group(1)));
        }
        return most;
    }

    private boolean postgres() {
        return jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName())
                .equals("PostgreSQL");
    }
}
