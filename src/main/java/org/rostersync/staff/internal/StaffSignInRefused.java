package org.rostersync.staff.internal;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The provider vouched for someone roster-sync does not let in; no session is made. */
class StaffSignInRefused extends OAuth2AuthenticationException {

    /** Why, as the refusal page and the audit name it. */
    enum Reason {
        /** The provider's token holds no email in the configured claim. */
        NO_EMAIL,
        /** The provider says the email is not verified. */
        EMAIL_UNVERIFIED,
        /** No roster lists the email. */
        UNKNOWN_EMAIL,
        /** The roster lists the email, but no longer as ACTIVE at any school. */
        DEACTIVATED,
        /** The provider answered with an error, or the sign-in could not be completed. */
        PROVIDER_ERROR,
        /** A live session ended: the roster no longer lists the staff member as ACTIVE. */
        REVOKED
    }

    private final Reason reason;
    private final String username;
    private final String districtId;

    StaffSignInRefused(Reason reason, String username, String districtId) {
        super(new OAuth2Error("access_denied"), "staff sign-in refused: " + reason);
        this.reason = reason;
        this.username = username;
        this.districtId = districtId;
    }

    Reason reason() {
        return reason;
    }

    String username() {
        return username;
    }

    String districtId() {
        return districtId;
    }
}
