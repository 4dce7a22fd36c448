package org.rostersync.credentials;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import org.rostersync.account.AccountEventType;
import org.rostersync.account.AccountPasswords;
import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountStatus;
import org.rostersync.account.SignInAccount;
import org.rostersync.staff.SignInLockout;
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
 * at it; a teacher's reset lifts a lock at once. Staff sign-ins lock out by the same rule and settings
 * ({@link SignInLockout}).
 */
@Service
public class StudentLogins {

    private static final Logger log = LoggerFactory.getLogger(StudentLogins.class);

    /** Longer inputs are refused before hashing: bcrypt reads 72 bytes at most and long inputs cost CPU. */
    private static final int MAX_INPUT = 128;

    private final AccountPasswords passwords;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PasswordEncoder encoder;
    private final AccountEvents events;
    private final CredentialSettings.Login settings;
    private final SignInLockout lockout;
    private final Clock clock;
    private final String dummyHash;

    StudentLogins(AccountPasswords passwords, JdbcClient jdbc, TransactionTemplate transactions,
            PasswordEncoder encoder, AccountEvents events, CredentialSettings settings, Clock clock) {
        this.passwords = passwords;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.encoder = encoder;
        this.events = events;
        this.settings = settings.login();
        this.lockout = lockoutOf(this.settings);
        this.clock = clock;
        this.dummyHash = encoder.encode(new PasswordGenerator().next());
    }

    /** The lockout rule of {@code rostersync.login.*}, for student and staff sign-ins alike. */
    public static SignInLockout lockoutOf(CredentialSettings.Login login) {
        return new SignInLockout(login.maxFailures(), login.failureWindow(), login.lockDuration());
    }

    /** The signed-in account, or empty for any failure (unknown, wrong password, locked, not activated, gone). */
    public Optional<LoginResult> login(String username, String password) {
        if (username == null || password == null || username.length() > MAX_INPUT || password.length() > MAX_INPUT) {
            encoder.matches("", dummyHash);
            return Optional.empty();
        }
        // the passwords this product gives hold no spaces; a tablet keyboard may add one after a word
        password = password.strip();
        SignInAccount candidate = passwords.forSignIn(username.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (candidate == null || candidate.passwordHash() == null) {
            encoder.matches(password, dummyHash);
            return Optional.empty();
        }
        boolean matches = encoder.matches(password, candidate.passwordHash());
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

    private Optional<LoginResult> succeed(SignInAccount candidate, Instant now, TransactionStatus tx) {
        if (passwords.activate(candidate.id(), candidate.passwordHash(), now)) {
            events.record(candidate.id(), AccountEventType.ACTIVATED, now, "student", "first login");
        }
        if (!passwords.recordSignIn(candidate.id(), candidate.passwordHash(), now)) {
            // a reset, a deactivation or a lock got in between: the password checked no longer signs in. Undo the
            // activation with the rest
            tx.setRollbackOnly();
            return Optional.empty();
        }
        jdbc.sql("DELETE FROM login_failure WHERE account_id = :id").param("id", candidate.id()).update();
        return Optional.of(new LoginResult(candidate.username(), AccountStatus.ACTIVE));
    }

    private void countFailure(SignInAccount candidate, Instant now) {
        transactions.executeWithoutResult(tx -> lockout.countFailure(now, new Failures(candidate.id()))
                .ifPresent(until -> {
                    events.record(candidate.id(), AccountEventType.LOGIN_LOCKED, now, "student-login",
                            settings.maxFailures() + " failed logins within " + settings.failureWindow()
                                    + "; locked until " + until);
                    log.info("student account {} locked for {} after {} failed logins", candidate.id(),
                            settings.lockDuration(), settings.maxFailures());
                }));
    }

    /** A student account's failures ({@code login_failure}) and lock (through the account module). */
    private final class Failures implements SignInLockout.FailureLog {

        private final long accountId;

        Failures(long accountId) {
            this.accountId = accountId;
        }

        /** Locked since this login read the account: not counted. */
        @Override
        public boolean holdUnlocked(Instant now) {
            return passwords.countFailure(accountId, now);
        }

        @Override
        public void forgetUpTo(Instant floor) {
            jdbc.sql("DELETE FROM login_failure WHERE account_id = :id AND failed_at <= :floor")
                    .param("id", accountId)
                    .param("floor", OffsetDateTime.ofInstant(floor, ZoneOffset.UTC))
                    .update();
        }

        @Override
        public void record(Instant at) {
            jdbc.sql("INSERT INTO login_failure (account_id, failed_at) VALUES (:id, :now)")
                    .param("id", accountId).param("now", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).update();
        }

        @Override
        public int count() {
            return jdbc.sql("SELECT COUNT(*) FROM login_failure WHERE account_id = :id")
                    .param("id", accountId).query(Integer.class).single();
        }

        @Override
        public void lock(Instant until) {
            passwords.lock(accountId, until);
        }

        @Override
        public void forgetAll() {
            jdbc.sql("DELETE FROM login_failure WHERE account_id = :id").param("id", accountId).update();
        }
    }
}
