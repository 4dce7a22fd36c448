package org.rostersync.staff.internal;

import org.rostersync.staff.SignInLockout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.MessageSourceAccessor;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.core.SpringSecurityMessageSource;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff sign-in lockout, per username and kept in the database so it holds across nodes, with the students' window
 * ({@code rostersync.login}): {@code max-failures} failed sign-ins (form or HTTP Basic) within {@code failure-window}
 * lock the username for {@code lock-duration}, then it unlocks by itself.
 * <p>
 * Spring Security checks the password first and this lock after ({@link #check}), so a locked username with the
 * right password costs the same hash and gets the same answer as a wrong password. Failures are counted from Spring
 * Security's bad-credentials event, only for configured staff usernames, and not while locked, so the lock cannot be
 * stretched. A success does not clear the count: an API script that signs in with every call would otherwise let a
 * guesser go on beside it for ever.
 */
@Component
class StaffLockout implements UserDetailsChecker {

    private static final Logger log = LoggerFactory.getLogger(StaffLockout.class);

    private static final String LOCKED_UNTIL = "SELECT locked_until FROM staff_sign_in WHERE username = :username";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SignInLockout settings;
    private final Clock clock;
    private final StaffDirectory staff;
    private final MessageSourceAccessor messages = SpringSecurityMessageSource.getAccessor();

    StaffLockout(JdbcClient jdbc, TransactionTemplate transactions, SignInLockout settings, Clock clock,
            StaffDirectory staff) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.staff = staff;
    }

    /** After the password matched: a locked username fails as a wrong password does, with the same exception. */
    @Override
    public void check(UserDetails user) {
        if (lockedUntil(user.getUsername(), false).filter(until -> until.isAfter(clock.instant())).isPresent()) {
            throw new BadCredentialsException(messages.getMessage(
                    "AbstractUserDetailsAuthenticationProvider.badCredentials", "Bad credentials"));
        }
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String username = event.getAuthentication().getName();
        if (isStaff(username)) {
            countFailure(username, clock.instant());
        }
    }

    private boolean isStaff(String username) {
        try {
            staff.loadUserByUsername(username);
            return true;
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }

    private void countFailure(String username, Instant now) {
        createRow(username);
        transactions.executeWithoutResult(tx -> settings.countFailure(now, new Failures(username))
                .ifPresent(until -> log.info("staff user {} locked for {} after {} failed sign-ins within {}",
                        username, settings.lockDuration(), settings.maxFailures(), settings.failureWindow())));
    }

    /** A staff username's failures ({@code staff_login_failure}) and lock ({@code staff_sign_in}). */
    private final class Failures implements SignInLockout.FailureLog {

        private final String username;

        Failures(String username) {
            this.username = username;
        }

        @Override
        public boolean holdUnlocked(Instant now) {
            return lockedUntil(username, true).filter(until -> until.isAfter(now)).isEmpty();
        }

        @Override
        public void forgetUpTo(Instant floor) {
            jdbc.sql("DELETE FROM staff_login_failure WHERE username = :username AND failed_at <= :floor")
                    .param("username", username)
                    .param("floor", OffsetDateTime.ofInstant(floor, ZoneOffset.UTC))
                    .update();
        }

        @Override
        public void record(Instant at) {
            jdbc.sql("INSERT INTO staff_login_failure (username, failed_at) VALUES (:username, :now)")
                    .param("username", username).param("now", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).update();
        }

        @Override
        public int count() {
            return jdbc.sql("SELECT COUNT(*) FROM staff_login_failure WHERE username = :username")
                    .param("username", username).query(Integer.class).single();
        }

        @Override
        public void lock(Instant until) {
            jdbc.sql("UPDATE staff_sign_in SET locked_until = :until WHERE username = :username")
                    .param("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC)).param("username", username)
                    .update();
        }

        @Override
        public void forgetAll() {
            jdbc.sql("DELETE FROM staff_login_failure WHERE username = :username").param("username", username)
                    .update();
        }
    }

    /** The username's row, made by its first failure; two nodes may race to make it, and one wins. */
    private void createRow(String username) {
        if (jdbc.sql("SELECT COUNT(*) FROM staff_sign_in WHERE username = :username").param("username", username)
                .query(Integer.class).single() > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO staff_sign_in (username) VALUES (:username)").param("username", username).update();
        } catch (DuplicateKeyException e) {
            // made by another sign-in meanwhile: that row serves
        }
    }

    private Optional<Instant> lockedUntil(String username, boolean forUpdate) {
        return jdbc.sql(forUpdate ? LOCKED_UNTIL + " FOR UPDATE" : LOCKED_UNTIL).param("username", username)
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp("locked_until")).map(Timestamp::toInstant))
                .optional().flatMap(until -> until);
    }
}
