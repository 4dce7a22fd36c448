package org.rostersync.credentials;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import org.rostersync.account.AccountEventType;
import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Student login. The first success activates a PASSWORD_ISSUED account. Every failure looks the same to the caller
 * and costs the same one hash check, so neither the answer nor its timing tells whether a username exists.
 * <p>
 * Lockout is per account and kept in the database, so it holds across nodes: {@code max-failures} failures within
 * {@code failure-window} (counted back from each failure, one {@code login_failure} row per failure) lock the account
 * for {@code lock-duration}, then it unlocks by itself. Every write re-checks the lock, so guesses sent at once are
 * not each given a fresh count, and a right password checked after a lock cannot lift it. Someone who knows a
 * username can keep that one account locked, but locking a whole school means guessing every username and keeping
 * at it; a teacher's reset lifts a lock at once.
 */
@Service
public class StudentLogins {

    private static final Logger log = LoggerFactory.getLogger(StudentLogins.class);

    /** Longer inputs are refused before hashing: bcrypt reads 72 bytes at most and long inputs cost CPU. */
    private static final int MAX_INPUT = 128;

    private static final String FIND = """
            SELECT id, username, status, password_hash, locked_until
              FROM student_account WHERE username = :username""";

    /** Whether the account is unlocked when a statement runs, not when the login read it. */
    private static final String UNLOCKED = "(locked_until IS NULL OR locked_until <= :now)";

    /**
     * The first statement of a failure: takes the account's row lock, so one account's failures are counted one at
     * a time, and counts nothing while the account is locked (by a failure counted since this login read it, too).
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

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PasswordEncoder encoder;
    private final AccountEvents events;
    private final CredentialSettings.Login settings;
    private final Clock clock;
    private final String dummyHash;

    StudentLogins(JdbcClient jdbc, TransactionTemplate transactions, PasswordEncoder encoder, AccountEvents events,
            CredentialSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.encoder = encoder;
        this.events = events;
        this.settings = settings.login();
        this.clock = clock;
        this.dummyHash = encoder.encode(new PasswordGenerator().next());
    }

    private record Candidate(long id, String username, AccountStatus status, String hash, Instant lockedUntil) {
    }

    /** The signed-in account, or empty for any failure (unknown, wrong password, locked, not activated, gone). */
    public Optional<LoginResult> login(String username, String password) {
        if (username == null || password == null || username.length() > MAX_INPUT || password.length() > MAX_INPUT) {
            encoder.matches("", dummyHash);
            return Optional.empty();
        }
        // the passwords this product gives hold no spaces; a tablet keyboard may add one after a word
        password = password.strip();
        Candidate candidate = jdbc.sql(FIND).param("username", username.strip().toLowerCase(Locale.ROOT))
                .query((rs, row) -> {
                    Timestamp locked = rs.getTimestamp("locked_until");
                    return new Candidate(rs.getLong("id"), rs.getString("username"),
                            AccountStatus.valueOf(rs.getString("status")), rs.getString("password_hash"),
                            locked == null ? null : locked.toInstant());
                }).optional().orElse(null);
        if (candidate == null || candidate.hash() == null) {
            encoder.matches(password, dummyHash);
            return Optional.empty();
        }
        boolean matches = encoder.matches(password, candidate.hash());
        Instant now = clock.instant();
        if (candidate.lockedUntil() != null && candidate.lockedUntil().isAfter(now)) {
            return Optional.empty(); // locked: not counted, so the lock cannot be stretched
        }
        boolean mayLogIn = candidate.status() == AccountStatus.PASSWORD_ISSUED
                || candidate.status() == AccountStatus.ACTIVE;
        if (!matches || !mayLogIn) {
            countFailure(candidate, now);
            return Optional.empty();
        }
        return transactions.execute(tx -> succeed(candidate, now, tx));
    }

    private Optional<LoginResult> succeed(Candidate candidate, Instant now, TransactionStatus tx) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int activated = jdbc.sql(ACTIVATE).param("now", at).param("id", candidate.id())
                .param("hash", candidate.hash()).update();
        if (activated == 1) {
            events.record(candidate.id(), AccountEventType.ACTIVATED, now, "student", "first login");
        }
        int signedIn = jdbc.sql(SUCCEED).param("id", candidate.id()).param("hash", candidate.hash())
                .param("now", at).update();
        if (signedIn == 0) {
            // a reset, a deactivation or a lock got in between: the password checked no longer signs in. Undo the
            // activation with the rest
            tx.setRollbackOnly();
            return Optional.empty();
        }
        jdbc.sql("DELETE FROM login_failure WHERE account_id = :id").param("id", candidate.id()).update();
        return Optional.of(new LoginResult(candidate.username(), AccountStatus.ACTIVE));
    }

    private void countFailure(Candidate candidate, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        transactions.executeWithoutResult(tx -> {
            if (jdbc.sql(HOLD_FAILURE).param("id", candidate.id()).param("now", at).update() == 0) {
                return; // locked since this login read the account: not counted, so the lock cannot be stretched
            }
            jdbc.sql("DELETE FROM login_failure WHERE account_id = :id AND failed_at <= :floor")
                    .param("id", candidate.id())
                    .param("floor", OffsetDateTime.ofInstant(now.minus(settings.failureWindow()), ZoneOffset.UTC))
                    .update();
            jdbc.sql("INSERT INTO login_failure (account_id, failed_at) VALUES (:id, :now)")
                    .param("id", candidate.id()).param("now", at).update();
            int recent = jdbc.sql("SELECT COUNT(*) FROM login_failure WHERE account_id = :id")
                    .param("id", candidate.id()).query(Integer.class).single();
            if (recent < settings.maxFailures()) {
                return;
            }
            Instant until = now.plus(settings.lockDuration());
            jdbc.sql(LOCK).param("id", candidate.id()).param("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                    .update();
            jdbc.sql("DELETE FROM login_failure WHERE account_id = :id").param("id", candidate.id()).update();
            events.record(candidate.id(), AccountEventType.LOGIN_LOCKED, now, "student-login", settings.maxFailures()
                    + " failed logins within " + settings.failureWindow() + "; locked until " + until);
            log.info("student account {} locked for {} after {} failed logins", candidate.id(),
                    settings.lockDuration(), settings.maxFailures());
        });
    }
}
