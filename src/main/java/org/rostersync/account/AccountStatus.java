package org.rostersync.account;

/** Where an account is in its life: created → password printed → used → gone from the roster. */
public enum AccountStatus {
    PENDING_ACTIVATION, PASSWORD_ISSUED, ACTIVE, DEACTIVATED
}
