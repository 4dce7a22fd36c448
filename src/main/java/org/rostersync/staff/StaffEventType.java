package org.rostersync.staff;

/** What happened at a staff sign-in or sign-out (the {@code staff_event} table's {@code type}). */
public enum StaffEventType {
    /** Signed in: with the form, by HTTP Basic (once an hour per username), or through the provider. */
    SIGNED_IN,
    /** A sign-in was refused; {@code reason} says why. */
    SIGN_IN_REFUSED,
    /** Signed out with the pages' Sign out. */
    SIGNED_OUT,
    /** A live session of a roster staff member was ended because the roster no longer lists them as ACTIVE. */
    ACCESS_REVOKED
}
