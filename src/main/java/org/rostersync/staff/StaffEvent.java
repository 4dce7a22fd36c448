package org.rostersync.staff;

import java.time.Instant;

/**
 * One staff sign-in event, as {@code GET /api/staff-events} lists it.
 *
 * @param username   the YAML username, or the email the provider vouched for; {@code ?} for a username that is not in
 *                   the staff list (what was typed is not kept: it may be a password typed in the wrong field)
 * @param method     FORM, BASIC or OIDC
 * @param provider   the registration id of the OpenID Connect provider, for OIDC
 * @param districtId the staff member's district; {@code null} where none is known
 * @param reason     why a sign-in was refused or a session ended; {@code null} otherwise
 * @param address    the client's address, as the server saw it (behind a trusted proxy, the one it names)
 */
public record StaffEvent(long id, Instant occurredAt, StaffEventType type, String username, String method,
        String provider, String districtId, String reason, String address) {
}
