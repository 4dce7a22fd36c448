package org.rostersync.account;

import java.time.Instant;

/**
 * One entry of an account's audit trail. Never carries a password or a hash.
 *
 * @param event  the name of an {@link AccountEventType}: CREATED, UPDATED, TRANSFERRED, DEACTIVATED, REACTIVATED,
 *               PASSWORD_ISSUED, ACTIVATED, LOGIN_LOCKED,
 *               PERSONAL_DATA_CLEARED, PASSWORD_REVOKED (an unused account changed hands: moved school or adopted by a
 *               roster)
 * @param actor  the staff user or run trigger that caused it; {@code student} for the student's own login
 * @param runId  the import run behind it, or {@code null} for a request
 */
public record AccountEvent(String event, Instant at, String actor, Long runId, String detail) {
}
