package org.rostersync.account;

/**
 * What happened to a student account, as stored in {@code account_event.event}. Statements that write events for
 * many accounts at once, here and in the import's apply step in the sync module, name them through {@link #sql()}.
 */
public enum AccountEventType {
    /** Made by an import run or by hand. */
    CREATED,
    /** An import run changed its personal fields. */
    UPDATED,
    /** An import run moved it to another school. */
    TRANSFERRED,
    /** An import run brought a deactivated account back. */
    REACTIVATED,
    /** An import run, or the approval of a held run, deactivated it. */
    DEACTIVATED,
    /** Staff issued a new password. */
    PASSWORD_ISSUED,
    /** The student signed in for the first time. */
    ACTIVATED,
    /** Too many failed sign-ins locked it for a while. */
    LOGIN_LOCKED,
    /** An unused account changed hands (moved school or adopted by a roster): its issued password stopped working. */
    PASSWORD_REVOKED,
    /** Deactivated longer than the retention period: personal fields cleared. */
    PERSONAL_DATA_CLEARED;

    /** The name as an SQL string literal, for statements that write events for many accounts at once. */
    public String sql() {
        return "'" + name() + "'";
    }
}
