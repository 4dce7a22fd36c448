package org.rostersync.sync.internal.housekeeping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.rostersync.account.ExpiredPersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a deactivated student's personal data no longer than {@code rostersync.student-retention}: every night the
 * names, middle initial, birth date, emails, gender, home room and reference id of students deactivated longer ago
 * than that are cleared, on the account and in the copies runs kept of it (before-images, staging left behind). The
 * Student ID and username stay, so a student who comes back on a roster gets the same account with the roster's
 * fields; the audit trail stays too (its texts name schools and staff, never the student).
 * <p>
 * One node does it per night: the first to claim the {@code housekeeping} row. The work goes in small transactions,
 * and an account reactivated meanwhile is left alone. The accounts and their events are written by the account module
 * ({@link ExpiredPersonalData}); this class clears the before-images and staging of the sync module.
 */
@Component
public class StudentRetention {

    private static final Logger log = LoggerFactory.getLogger(StudentRetention.class);

    /** Both name columns are NOT NULL: a cleared account, and the copies runs kept of it, read as this. */
    public static final String REMOVED = ExpiredPersonalData.REMOVED;

    private static final int BATCH = 500;

    /** Before-images a revert would write back. */
    private static final String CLEAR_SNAPSHOTS = """
            UPDATE account_snapshot
               SET first_name = :removed, last_name = :removed, middle_initial = NULL, birth_date = NULL,
                   email = NULL, guardian_email = NULL, gender = NULL, home_room = NULL, reference_id = NULL
             WHERE account_id IN (:ids)""";

    /**
     * Staged rows that ended runs left behind (a run in progress keeps its own: the student may be returning). Reads
     * import_run's status in a set-based subquery, which a RunReads call would split in two.
     */
    private static final String CLEAR_STAGING = """
            UPDATE staged_student
               SET first_name = :removed, last_name = :removed, middle_initial = NULL, birth_date = NULL,
                   email = NULL, guardian_email = NULL, gender = NULL, home_room = NULL, reference_id = NULL
             WHERE student_id IN (SELECT a.student_id FROM student_account a WHERE a.id IN (:ids))
               AND run_id IN (SELECT r.id FROM import_run r WHERE r.status NOT IN ('QUEUED', 'RUNNING'))""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final NightlyChores chores;
    private final StudentRetentionSettings settings;
    private final ExpiredPersonalData accounts;

    StudentRetention(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, NightlyChores chores,
            StudentRetentionSettings settings, ExpiredPersonalData accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
        this.chores = chores;
        this.settings = settings;
    }

    @Scheduled(cron = "0 27 4 * * *")
    void nightly() {
        try {
            clearExpired();
        } catch (DataAccessException e) {
            // the next night takes it up again
            log.warn("Clearing the personal data of long-deactivated students stopped: {}", e.getClass().getName());
        }
    }

    /**
     * Clears the personal fields of students deactivated longer ago than the retention period, unless another node
     * has done it in the last 12 hours or the retention is 0.
     *
     * @return how many accounts were cleared; -1 when another node had claimed the pass or nothing is ever cleared
     */
    public int clearExpired() {
        if (settings.keepsForever()) {
            return -1;
        }
        // to the millisecond, as both databases store it: the events find the accounts this pass cleared by it
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!chores.claim("student-retention", now)) {
            return -1;
        }
        // a period counts in the calendar (P1Y is a year, leap day or not): measured back from now in UTC
        OffsetDateTime cutoff = utc(now).minus(settings.studentRetention());
        long[] after = { 0 };
        int cleared = 0;
        while (!Thread.currentThread().isInterrupted()) { // a server shutting down stops between transactions
            Integer done = transactions.execute(status -> {
                List<Long> ids = accounts.due(cutoff, after[0], BATCH);
                if (ids.isEmpty()) {
                    return -1;
                }
                after[0] = ids.get(ids.size() - 1);
                int clearedNow = accounts.clear(ids, cutoff, utc(now));
                jdbc.sql(CLEAR_SNAPSHOTS).param("removed", REMOVED).param("ids", ids).update();
                jdbc.sql(CLEAR_STAGING).param("removed", REMOVED).param("ids", ids).update();
                accounts.recordCleared(ids, utc(now), "deactivated longer than " + settings.studentRetention()
                        + " (rostersync.student-retention); Student ID and username kept");
                return clearedNow;
            });
            if (done == null || done < 0) {
                break;
            }
            cleared += done;
        }
        if (cleared > 0) {
            log.info("Cleared the personal data of {} students deactivated more than {} ago"
                    + " (rostersync.student-retention)", cleared, settings.studentRetention());
        }
        return cleared;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
