package org.rostersync.account;

import java.time.Instant;

/**
 * What a sign-in needs to know of an account. Holds the password hash, so it never leaves the sign-in.
 *
 * @param lockedUntil when a lockout ends, or {@code null} when the account was never locked
 */
public record SignInAccount(long id, String username, AccountStatus status, String passwordHash,
        Instant lockedUntil) {
}
