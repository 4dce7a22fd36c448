package org.rostersync.account;

import java.time.Instant;

/** A student account as staff see it. Never carries the password hash. */
public record StudentAccount(long id, String districtId, String schoolId, String studentId, String username,
        String firstName, String lastName, String grade, String email, AccountStatus status, AccountOrigin origin,
        Instant missingSince, Instant activatedAt) {
}
