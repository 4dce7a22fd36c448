package org.rostersync.sync.internal.plan;

import org.rostersync.sync.internal.database.DatabaseDialect;

import java.time.OffsetDateTime;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * An account that changes hands before anyone signed in with it loses the password it was given: moved to another
 * school, or a hand-made account adopted by a roster row (in any school). That password was printed for whoever
 * held the account before (a teacher of the old school, or whoever made it by hand), not for the student the roster
 * names, so it must stop signing in. The account goes back to PENDING_ACTIVATION (its password hash cleared) and its
 * new school's staff issue it one; a student who has signed in (ACTIVE) keeps their password and status. Each
 * revocation is an account event of the run.
 */
public final class UnusedPasswords {

    /** The event written for each revoked password; the run's other events of the account are written beside it. */
    static final String EVENT = "PASSWORD_REVOKED";

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
            SELECT b.id, 'PASSWORD_REVOKED', :now, :actor, c.run_id,
                   CASE WHEN b.school_id <> c.school_id THEN 'moved from ' || b.school_id || ' to ' || c.school_id
                        ELSE 'made by hand, taken over by the roster of ' || c.school_id END
                   || ' before its first sign-in: the password issued before no longer works'
            """ + CHANGING_HANDS;

    private static final String REVOKE = """
            UPDATE student_account
               SET password_hash = NULL, password_issued_at = NULL, failed_logins = 0, locked_until = NULL,
                   status = CASE WHEN status = 'PASSWORD_ISSUED' THEN 'PENDING_ACTIVATION' ELSE status END,
                   status_before_deactivation = CASE WHEN status_before_deactivation = 'PASSWORD_ISSUED'
                                                     THEN 'PENDING_ACTIVATION' ELSE status_before_deactivation END
             WHERE id %s""";

    private UnusedPasswords() {
    }

    /**
     * Revokes the passwords of the run's accounts that change hands unused, before the entries chosen by {@code
     * entries} (a condition on plan entry {@code c}) are applied; the caller holds a transaction.
     *
     * @param dialect how the database finds the entries' accounts by primary key
     * @return how many passwords were revoked
     */
    public static int revoke(JdbcTemplate jdbc, DatabaseDialect dialect, OffsetDateTime now, String actor, long runId,
            String entries) {
        String byId = dialect.entriesAccounts(entries);
        String changingHands = CHANGING_HANDS.formatted(entries, byId);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        Map<String, Object> args = Map.of("now", now, "actor", actor, "runId", runId);
        int revoked = named.update(EVENTS.formatted(entries, byId), args);
        if (revoked == 0) {
            return 0;
        }
        named.update(REVOKE.formatted(dialect.byIds("SELECT b.id" + changingHands)), args);
        return revoked;
    }
}
