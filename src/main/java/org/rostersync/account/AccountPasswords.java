package org.rostersync.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The password and sign-in columns of {@code student_account}: issuing a password hash, activating on the first
 * sign-in, counting failures and locking. Each method is one statement that joins the caller's transaction, and
 * each update re-checks its guards (status, hash, lock) in its WHERE clause, so the row, not what a caller read
 * earlier, decides.
 */
@Repository
public class AccountPasswords {

    private static final String FIND = """
            SELECT id, username, status, password_hash, locked_until
              FROM student_account WHERE username = :username""";

    /** Whether the account is unlocked when a statement runs, not when the sign-in read it. */
    private static final String UNLOCKED = "(locked_until IS NULL OR locked_until <= :now)";

    /**
     * The first statement of a failure: takes the account's row lock, so one account's failures are counted one at
     * a time, and counts nothing while the account is locked (by a failure counted since the sign-in read it, too).
     */
    private static final String HOLD_FAILURE = """
            UPDATE student_account SET failed_logins = failed_logins + 1
             WHERE id = :id AND """ + UNLOCKED;

    private static final String LOCK = """
            UPDATE student_account SET locked_until = :until, failed_logins = 0 WHERE id = :id""";

    private static final String ACTIVATE = """
            UPDATE student_account SET status = 'ACTIVE', activated_at = :now, updated_at = :now
             WHERE id = :id AND status = 'PASSWORD_ISSUED' AND password_hash = :hash AND """ + UNLOCKED;

    private static final String SUCCEED = """
            UPDATE student_account SET failed_logins = 0, locked_until = NULL, last_login_at = :now
             WHERE id = :id AND status = 'ACTIVE' AND password_hash = :hash AND """ + UNLOCKED;

    /** A reset also lifts a login lockout: the teacher has just handed the student a fresh password. */
    private static final String ISSUE = """
            UPDATE student_account
               SET password_hash = :hash, password_issued_at = :now, updated_at = :now,
                   status = CASE WHEN status = 'PENDING_ACTIVATION' THEN 'PASSWORD_ISSUED' ELSE status END,
                   failed_logins = 0, locked_until = NULL
             WHERE id = :id AND school_id = :school AND status IN (:allowed)""";

    private final JdbcClient jdbc;

    AccountPasswords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account with this (lower-case) username, as a sign-in sees it. */
    public Optional<SignInAccount> forSignIn(String username) {
        return jdbc.sql(FIND).param("username", username).query((rs, row) -> {
            Timestamp locked = rs.getTimestamp("locked_until");
            return new SignInAccount(rs.getLong("id"), rs.getString("username"),
                    AccountStatus.valueOf(rs.getString("status")), rs.getString("password_hash"),
                    locked == null ? null : locked.toInstant());
        }).optional();
    }

    /**
     * Counts one failed sign-in and takes the account's row lock until the caller's transaction ends.
     *
     * @return false, counting nothing, when the account is locked at {@code now}
     */
    public boolean countFailure(long accountId, Instant now) {
        return jdbc.sql(HOLD_FAILURE).param("id", accountId).param("now", utc(now)).update() == 1;
    }

    /** Locks sign-ins until {@code until} and starts the failure count again. */
    public void lock(long accountId, Instant until) {
        jdbc.sql(LOCK).param("id", accountId).param("until", utc(until)).update();
    }

    /**
     * PASSWORD_ISSUED → ACTIVE on the first sign-in.
     *
     * @return false when the account is no longer PASSWORD_ISSUED with this hash, or is locked
     */
    public boolean activate(long accountId, String passwordHash, Instant now) {
        return jdbc.sql(ACTIVATE).param("now", utc(now)).param("id", accountId).param("hash", passwordHash)
                .update() == 1;
    }

    /**
     * Records a successful sign-in and lifts the failure count.
     *
     * @return false when the account is no longer ACTIVE with this hash, or is locked: the sign-in must not succeed
     */
    public boolean recordSignIn(long accountId, String passwordHash, Instant now) {
        return jdbc.sql(SUCCEED).param("id", accountId).param("hash", passwordHash).param("now", utc(now))
                .update() != 0;
    }

    /**
     * Stores a newly issued password's hash (PENDING_ACTIVATION → PASSWORD_ISSUED) and lifts a lockout.
     *
     * @return false when the account is no longer in the school with one of the {@code allowed} statuses
     */
    public boolean issue(long accountId, String schoolId, String passwordHash, Instant now,
            Collection<AccountStatus> allowed) {
        return jdbc.sql(ISSUE).param("hash", passwordHash).param("now", utc(now)).param("id", accountId)
                .param("school", schoolId).param("allowed", allowed.stream().map(Enum::name).toList())
                .update() != 0;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
