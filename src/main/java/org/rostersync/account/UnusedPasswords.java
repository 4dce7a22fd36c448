package org.rostersync.account;

import static org.rostersync.account.AccountEventType.PASSWORD_REVOKED;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * An account that changes hands before anyone signed in with it loses the password it was given: moved to another
 * school, or a hand-made account adopted by a roster row (in any school). That password was printed for whoever
 * held the account before (a teacher of the old school, or whoever made it by hand), not for the student the roster
 * names, so it must stop signing in. The account goes back to PENDING_ACTIVATION (its password hash cleared) and its
 * new school's staff issue it one; a student who has signed in (ACTIVE) keeps their password and status. Each
 * revocation is an account event of the run.
 * <p>
 * Set-based over a run's plan entries ({@code planned_change}, which the sync module writes): an import's apply step
 * and the approval of its held moves call it before they change the accounts.
 */
@Repository
public class UnusedPasswords {

    /**
     * The plan entries (alias {@code c}, their account {@code b}) whose account changes hands unused and holds a
     * password to revoke; the blank is which entries of the run are applied now.
     */
    private static final String CHANGING_HANDS = """
              FROM planned_change c
              JOIN student_account b ON b.id = c.account_id
             WHERE c.run_id = :runId AND c.action IN ('UPDATE', 'TRANSFER', 'REACTIVATE') AND %s%s
               AND (b.school_id <> c.school_id OR b.origin = 'MANUAL')
               AND (CASE WHEN b.status = 'DEACTIVATED' THEN COALESCE(b.status_before_deactivation, 'PENDING_ACTIVATION')
                         ELSE b.status END) IN ('PENDING_ACTIVATION', 'PASSWORD_ISSUED')
               AND (b.password_hash IS NOT NULL OR b.status = 'PASSWORD_ISSUED'
                    OR b.status_before_deactivation = 'PASSWORD_ISSUED')""";

    private static final String EVENTS = """
            INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
            SELECT b.id, %s, :now, :actor, c.run_id,
                   CASE WHEN b.school_id <> c.school_id THEN 'moved from ' || b.school_id || ' to ' || c.school_id
                        ELSE 'made by hand, taken over by the roster of ' || c.school_id END
                   || ' before its first sign-in: the password issued before no longer works'
            """.formatted(PASSWORD_REVOKED.sql()) + CHANGING_HANDS;

    private static final String REVOKE = """
            UPDATE student_account
               SET password_hash = NULL, password_issued_at = NULL, failed_logins = 0, locked_until = NULL,
                   status = CASE WHEN status = 'PASSWORD_ISSUED' THEN 'PENDING_ACTIVATION' ELSE status END,
                   status_before_deactivation = CASE WHEN status_before_deactivation = 'PASSWORD_ISSUED'
                                                     THEN 'PENDING_ACTIVATION' ELSE status_before_deactivation END
             WHERE id %s""";

    private final NamedParameterJdbcTemplate named;

    UnusedPasswords(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    /**
     * Revokes the passwords of the run's accounts that change hands unused, before the entries chosen by {@code
     * entries} (a condition on plan entry {@code c}) are applied; the caller holds a transaction.
     *
     * @param entriesAccounts how the database narrows the entries' accounts {@code b} by primary key (with a
     *                        {@code :runId} parameter), or an empty string where it finds them so anyway
     * @param byIds           how the database picks accounts by primary key from an id query ({@code id %s})
     * @return how many passwords were revoked
     */
    public int revoke(long runId, String entries, String entriesAccounts, UnaryOperator<String> byIds,
            OffsetDateTime now, String actor) {
        String changingHands = CHANGING_HANDS.formatted(entries, entriesAccounts);
        Map<String, Object> args = Map.of("now", now, "actor", actor, "runId", runId);
        int revoked = named.update(EVENTS.formatted(entries, entriesAccounts), args);
        if (revoked == 0) {
            return 0;
        }
        named.update(REVOKE.formatted(byIds.apply("SELECT b.id" + changingHands)), args);
        return revoked;
    }
}
