package org.rostersync.account;

import static org.rostersync.account.AccountEventType.PERSONAL_DATA_CLEARED;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The personal fields of accounts deactivated longer than the retention period: found, cleared and recorded, a
 * batch of accounts at a time in the caller's transaction. The Student ID and username stay, so a student who comes
 * back on a roster gets the same account; the audit trail stays too (its texts name schools and staff, never the
 * student). The sync module's nightly chore drives it and clears the copies runs kept.
 */
@Repository
public class ExpiredPersonalData {

    /** Both name columns are NOT NULL: a cleared account reads as this. */
    public static final String REMOVED = "(removed)";

    /** Never a hash of a roster row: a returning student's row always differs and is written in full. */
    static final String CLEARED_HASH = "cleared";

    /** Deactivated before the cutoff and not cleared since that deactivation (a student may leave twice). */
    private static final String CANDIDATES = """
            SELECT id FROM student_account
             WHERE status = 'DEACTIVATED' AND deactivated_at < :cutoff AND id > :after
               AND (personal_data_cleared_at IS NULL OR personal_data_cleared_at <= deactivated_at)
             ORDER BY id FETCH FIRST :batch ROWS ONLY""";

    /** The account's own fields; checked again in the update, as an import may have brought the student back. */
    private static final String CLEAR_ACCOUNTS = """
            UPDATE student_account
               SET first_name = :removed, last_name = :removed, middle_initial = NULL, birth_date = NULL,
                   email = NULL, email_from_staff = FALSE, guardian_email = NULL, gender = NULL, home_room = NULL,
                   reference_id = NULL, row_hash = :hash, personal_data_cleared_at = :now
             WHERE id IN (:ids) AND status = 'DEACTIVATED' AND deactivated_at < :cutoff""";

    private static final String EVENTS = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT id, %s, :now, 'student-retention', NULL, :detail
              FROM student_account WHERE id IN (:ids) AND personal_data_cleared_at = :now"""
            .formatted(PERSONAL_DATA_CLEARED.sql());

    private final JdbcClient jdbc;

    ExpiredPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next {@code batch} accounts after id {@code after}, in id order, whose personal fields are due. */
    public List<Long> due(OffsetDateTime cutoff, long after, int batch) {
        return jdbc.sql(CANDIDATES).param("cutoff", cutoff).param("after", after).param("batch", batch)
                .query(Long.class).list();
    }

    /**
     * Clears the personal fields of those of {@code ids} still deactivated before the cutoff, stamping them with
     * {@code now} (to the millisecond: {@link #recordCleared} finds them by it).
     *
     * @return how many accounts were cleared
     */
    public int clear(List<Long> ids, OffsetDateTime cutoff, OffsetDateTime now) {
        return jdbc.sql(CLEAR_ACCOUNTS).param("removed", REMOVED).param("hash", CLEARED_HASH)
                .param("now", now).param("cutoff", cutoff).param("ids", ids).update();
    }

    /** A PERSONAL_DATA_CLEARED event for each of {@code ids} that {@link #clear} cleared at {@code now}. */
    public void recordCleared(List<Long> ids, OffsetDateTime now, String detail) {
        jdbc.sql(EVENTS).param("now", now).param("ids", ids).param("detail", detail).update();
    }
}
