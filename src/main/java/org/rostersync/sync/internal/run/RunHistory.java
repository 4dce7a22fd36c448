package org.rostersync.sync.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.rostersync.sync.SyncSettings;
import org.rostersync.sync.internal.housekeeping.NightlyChores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the run history bounded ({@code rostersync.run-retention}): every night the details of runs that ended
 * longer ago than that — their plan ({@code planned_change}, one row per student of the file, and a school run's
 * unchanged rows by chunk, {@code unchanged_chunk}), rejected rows,
 * column map, before-images and any staging left behind, and their Spring Batch job and step executions — are
 * deleted. The run itself stays, with its counts and message, and so does every account's audit trail (a one-pass
 * first import's {@code run_block} rows included: they are its accounts' CREATED events).
 * <p>
 * What a product rule still needs is kept at any age: the feed's latest applied run (an unchanged file reuses its
 * plan, and it can be reverted), and a HELD run whose deactivations can still be approved (no newer run of its feed
 * has ended other than FAILED). Runs in progress have not ended. Once such a run is superseded its details go at
 * the next pass.
 * <p>
 * One node does it per night: the first to claim the {@code housekeeping} row; the others find it claimed and skip.
 * The work goes in small transactions, oldest runs first, so a first pass over years of history neither holds
 * locks for long nor has to finish in one night: what is left is taken up the next.
 */
@Component
public class RunHistory {

    private static final Logger log = LoggerFactory.getLogger(RunHistory.class);

    /** Runs per transaction: a nightly school file plans about 2,000 rows, so some 200,000 rows at most. */
    public static final int BATCH = 100;


    /**
     * The next runs whose details may go, oldest first. Ordered as the (details_deleted_at, id) index is, so both
     * databases read it from the first run still holding its details on (H2 read and sorted every run by id).
     */
    // stays here: the retention rule itself, a set-based self-join of import_run that RunReads would only hide
    static final String CANDIDATES = """
            SELECT r.id FROM import_run r
             WHERE r.id > :after AND r.details_deleted_at IS NULL AND r.ended_at < :cutoff
               AND r.status NOT IN ('QUEUED', 'RUNNING')
               AND NOT (r.applied_at IS NOT NULL AND r.dry_run = FALSE
                        AND NOT EXISTS (SELECT 1 FROM import_run n
                                         WHERE n.feed_id = r.feed_id AND n.id > r.id
                                           AND n.applied_at IS NOT NULL AND n.dry_run = FALSE))
               AND NOT (r.status = 'HELD'
                        AND NOT EXISTS (SELECT 1 FROM import_run n
                                         WHERE n.feed_id = r.feed_id AND n.id > r.id AND n.dry_run = FALSE
                                           AND n.status IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD')))
             ORDER BY r.details_deleted_at, r.id FETCH FIRST :batch ROWS ONLY""";

    /** The run's own tables, by run id. */
    private static final List<String> DETAILS = List.of("planned_change", "rejected_row", "run_column",
            "account_snapshot", "staged_student", "withdrawn_student", "kept_student", "staged_staff",
            "staff_snapshot", "unchanged_chunk");

    private final JdbcClient jdbc;
    private final RunRecords records;
    private final RunReads reads;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final NightlyChores chores;
    private final Duration retention;

    RunHistory(JdbcClient jdbc, RunRecords records, RunReads reads, TransactionTemplate transactions, Clock clock,
            NightlyChores chores, SyncSettings settings) {
        this.jdbc = jdbc;
        this.records = records;
        this.reads = reads;
        this.transactions = transactions;
        this.clock = clock;
        this.chores = chores;
        this.retention = settings.runRetention();
    }

    @Scheduled(cron = "0 47 3 * * *")
    void nightly() {
        try {
            deleteExpired();
        } catch (DataAccessException e) {
            // the next night takes it up where this one stopped
            log.warn("Deleting the details of old runs stopped: {}", e.getMessage());
        }
    }

    /**
     * Deletes the details of runs that ended before the retention period, if no other node has done it in the last
     * 12 hours.
     *
     * @return how many runs lost their details; -1 when another node had claimed the pass
     */
    public int deleteExpired() {
        Instant now = clock.instant();
        if (!chores.claim("run-history", now)) {
            return -1;
        }
        OffsetDateTime cutoff = utc(now.minus(retention));
        // from the oldest run that still has its details, and on from each batch's last: the runs done before are
        // never read again (a pass over years of history would read them once per batch)
        long[] after = { reads.oldestWithDetails().map(id -> id - 1).orElse(Long.MAX_VALUE) };
        int deleted = 0;
        while (!Thread.currentThread().isInterrupted()) { // a server shutting down stops between transactions
            Integer done = transactions.execute(status -> {
                List<Long> runs = jdbc.sql(CANDIDATES).param("after", after[0]).param("cutoff", cutoff)
                        .param("batch", BATCH).query(Long.class).list();
                if (!runs.isEmpty()) {
                    delete(runs, utc(now));
                    after[0] = runs.get(runs.size() - 1);
                }
                return runs.size();
            });
            deleted += done;
            if (done < BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Deleted the details of {} runs that ended more than {} ago (rostersync.run-retention)",
                    deleted, retention);
        }
        return deleted;
    }

    private void delete(List<Long> runs, OffsetDateTime now) {
        for (String table : DETAILS) {
            jdbc.sql("DELETE FROM " + table + " WHERE run_id IN (:runs)").param("runs", runs).update();
        }
        // the runs' Spring Batch records, children first; nothing reads them once a run has ended
        // joins Spring Batch's tables through the runs: set-based, so it stays beside the deletes it feeds
        List<Long> instances = jdbc.sql("""
                SELECT DISTINCT e.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION e
                  JOIN import_run r ON r.job_execution_id = e.JOB_EXECUTION_ID
                 WHERE r.id IN (:runs)""")
                .param("runs", runs)
                .query(Long.class)
                .list();
        if (!instances.isEmpty()) {
            for (String statement : List.of("""
                    DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN
                        (SELECT s.STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION s
                           JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
                          WHERE e.JOB_INSTANCE_ID IN (:instances))""", """
                    DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN
                        (SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances))""", """
                    DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN
                        (SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances))""", """
                    DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN
                        (SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances))""",
                    "DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances)",
                    "DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (:instances)")) {
                jdbc.sql(statement).param("instances", instances).update();
            }
        }
        records.markDetailsDeleted(runs, now);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
